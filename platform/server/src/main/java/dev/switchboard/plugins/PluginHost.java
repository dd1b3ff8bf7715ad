package dev.switchboard.plugins;

import dev.switchboard.Switchboard;
import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.TaskType;
import dev.switchboard.api.index.DocumentIndex;
import dev.switchboard.api.model.ModelCatalog;
import dev.switchboard.routing.Addresses;
import dev.switchboard.routing.PluginDirectory;
import dev.switchboard.routing.PluginIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts PF4J plugins: loads the built-in and installed ones at start-up, turns each started
 * plugin's extensions into a {@link PluginEndpoint}, and carries out the runtime lifecycle
 * (install, enable, disable, reload, uninstall). A plugin that fails to load or start is recorded
 * as FAILED with its reason; it never stops the server. Lifecycle operations run one at a time.
 */
public final class PluginHost implements PluginDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
  private static final int ENDPOINT_INSTANCES = Switchboard.EVENT_LOOPS;

  private final Vertx vertx;
  private final SwitchboardPluginManager manager = new SwitchboardPluginManager();
  private final PluginStore store;
  private final HostServices services;
  private final HostTools tools = new HostTools();
  private final MeterRegistry registry;
  private final Path installDir;
  private final Optional<Path> builtinDir;
  private final Duration drainTimeout;
  private final SerialQueue lifecycle = new SerialQueue();
  private final Map<String, PluginInfo> plugins = new ConcurrentHashMap<>();
  private final Map<String, String> deployments = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> configs = new ConcurrentHashMap<>();
  private final Set<String> threadEndpoints = ConcurrentHashMap.newKeySet();

  public PluginHost(
      Vertx vertx,
      io.vertx.sqlclient.Pool pool,
      ModelCatalog models,
      MeterRegistry registry,
      Path installDir,
      Optional<Path> builtinDir,
      Duration drainTimeout) {
    this(vertx, pool, HostServices.of(models), registry, installDir, builtinDir, drainTimeout);
  }

  /** A host whose plugins reach the given document index through their task context. */
  public PluginHost(
      Vertx vertx,
      io.vertx.sqlclient.Pool pool,
      ModelCatalog models,
      DocumentIndex documents,
      MeterRegistry registry,
      Path installDir,
      Optional<Path> builtinDir,
      Duration drainTimeout) {
    this(
        vertx,
        pool,
        new HostServices(models, documents, null),
        registry,
        installDir,
        builtinDir,
        drainTimeout);
  }

  /** A host whose plugins reach the given services through their task context. */
  public PluginHost(
      Vertx vertx,
      io.vertx.sqlclient.Pool pool,
      HostServices services,
      MeterRegistry registry,
      Path installDir,
      Optional<Path> builtinDir,
      Duration drainTimeout) {
    this.vertx = vertx;
    this.store = new PluginStore(pool);
    this.services = services;
    this.registry = registry;
    this.installDir = installDir;
    this.builtinDir = builtinDir;
    this.drainTimeout = drainTimeout;
  }

  /** Loads and starts every plugin the operator has not disabled. Never fails for a bad plugin. */
  public Future<Void> start() {
    return lifecycle.submit(
        () ->
            store
                .loadAll()
                .compose(
                    settings ->
                        vertx
                            .executeBlocking(this::pluginFilesInOrder)
                            .compose(files -> startAll(files, settings)))
                .onSuccess(
                    ignored ->
                        LOG.atInfo()
                            .addKeyValue("started", count(PluginState.STARTED))
                            .addKeyValue("failed", count(PluginState.FAILED))
                            .addKeyValue("disabled", count(PluginState.DISABLED))
                            .log("plugins loaded")));
  }

  /** Built-in plugins first, so an installed file cannot shadow a built-in id. */
  private List<Path> pluginFilesInOrder() throws IOException {
    Files.createDirectories(installDir);
    List<Path> files = new ArrayList<>();
    builtinDir.ifPresent(dir -> files.addAll(pluginFiles(dir)));
    files.addAll(pluginFiles(installDir));
    return files;
  }

  private Future<Void> startAll(List<Path> files, Map<String, PluginStore.Settings> settings) {
    Future<Void> chain = Future.succeededFuture();
    for (Path file : files) {
      chain = chain.compose(x -> startFromFile(file, settings).mapEmpty());
    }
    return chain;
  }

  private Future<PluginInfo> startFromFile(Path file, Map<String, PluginStore.Settings> settings) {
    boolean builtin = builtinDir.map(dir -> file.startsWith(dir)).orElse(false);
    return vertx
        .executeBlocking(() -> manager.describe(file))
        .transform(
            ar -> {
              if (ar.failed()) {
                String id = "file:" + file.getFileName();
                PluginInfo failed =
                    new PluginInfo(
                        id,
                        null,
                        null,
                        null,
                        file,
                        builtin,
                        PluginState.FAILED,
                        "cannot read plugin descriptor: " + ar.cause().getMessage(),
                        List.of());
                plugins.put(id, failed);
                LOG.atWarn().addKeyValue("file", file).log("plugin skipped: {}", failed.error());
                return Future.succeededFuture(failed);
              }
              PluginDescriptor d = ar.result();
              if (plugins.containsKey(d.getPluginId())) {
                LOG.atWarn()
                    .addKeyValue("plugin", d.getPluginId())
                    .addKeyValue("file", file)
                    .log("a plugin with this id is already installed; file ignored");
                return Future.succeededFuture(plugins.get(d.getPluginId()));
              }
              PluginInfo info;
              try {
                info = describe(d, file, builtin, PluginState.DISABLED, null, List.of());
              } catch (TaskException e) {
                String id = "file:" + file.getFileName();
                PluginInfo failed =
                    new PluginInfo(
                        id,
                        d.getVersion(),
                        null,
                        d.getRequires(),
                        file,
                        builtin,
                        PluginState.FAILED,
                        e.getMessage(),
                        List.of());
                plugins.put(id, failed);
                return Future.succeededFuture(failed);
              }
              PluginStore.Settings s =
                  settings.getOrDefault(d.getPluginId(), PluginStore.Settings.DEFAULT);
              configs.put(d.getPluginId(), s.config());
              plugins.put(d.getPluginId(), info);
              if (!s.enabled()) {
                return Future.succeededFuture(info);
              }
              return activate(info);
            });
  }

  /** Loads, starts and deploys a plugin; records FAILED with the reason when any step fails. */
  private Future<PluginInfo> activate(PluginInfo info) {
    String id = info.id();
    if (!manager.satisfiesRequires(info.requires())) {
      return Future.succeededFuture(
          fail(
              info,
              "plugin "
                  + id
                  + " requires plugin API "
                  + info.requires()
                  + ", but this server provides "
                  + manager.getSystemVersion()));
    }
    return vertx
        .executeBlocking(
            () -> {
              String loadedId = manager.loadPlugin(info.path());
              if (!id.equals(loadedId)) {
                throw new IllegalStateException("descriptor id changed while loading: " + loadedId);
              }
              manager.startPlugin(id);
              PluginWrapper wrapper = manager.getPlugin(id);
              if (wrapper.getPluginState() != org.pf4j.PluginState.STARTED) {
                Throwable cause = wrapper.getFailedException();
                throw new IllegalStateException(
                    "plugin did not start" + (cause == null ? "" : ": " + rootMessage(cause)),
                    cause);
              }
              return LoadedExtensions.of(manager, id);
            })
        .compose(
            loaded -> {
              if (loaded.describe().isEmpty()) {
                throw new IllegalStateException(
                    "plugin has no extensions (is META-INF/extensions.idx in the jar?)");
              }
              JsonObject config = configs.getOrDefault(id, new JsonObject());
              // One endpoint per event loop: requests are served on whichever loop the bus picks,
              // not funnelled through one thread. Extensions are shared, so they must be
              // thread-safe, as the plugin guide says.
              return vertx
                  .deployVerticle(
                      () ->
                          new PluginEndpoint(
                              id,
                              loaded,
                              config,
                              services,
                              tools,
                              registry,
                              drainTimeout,
                              threadEndpoints),
                      new DeploymentOptions().setInstances(ENDPOINT_INSTANCES))
                  .map(
                      deploymentId -> {
                        deployments.put(id, deploymentId);
                        tools.register(
                            id,
                            loaded.tools(),
                            () -> configs.getOrDefault(id, new JsonObject()).copy(),
                            LoggerFactory.getLogger("plugin." + id),
                            new MeterPluginMetrics(registry, id));
                        PluginInfo started =
                            new PluginInfo(
                                id,
                                info.version(),
                                info.description(),
                                info.requires(),
                                info.path(),
                                info.builtin(),
                                PluginState.STARTED,
                                null,
                                loaded.describe());
                        plugins.put(id, started);
                        LOG.atInfo()
                            .addKeyValue("plugin", id)
                            .addKeyValue("version", info.version())
                            .log("plugin started");
                        return started;
                      });
            })
        .recover(
            err -> {
              LOG.atWarn().addKeyValue("plugin", id).setCause(err).log("plugin failed to start");
              return unloadQuietly(id).map(x -> fail(info, rootMessage(err)));
            });
  }

  private PluginInfo fail(PluginInfo info, String reason) {
    PluginInfo failed = info.withState(PluginState.FAILED, reason);
    plugins.put(info.id(), failed);
    return failed;
  }

  /** Undeploys the endpoint (draining in-flight requests), then unloads the classes. */
  private Future<Void> deactivate(String id) {
    tools.unregister(id);
    String deploymentId = deployments.remove(id);
    Future<Void> undeployed =
        deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
    return undeployed.transform(ar -> unloadQuietly(id));
  }

  private Future<Void> unloadQuietly(String id) {
    return vertx.executeBlocking(
        () -> {
          if (manager.getPlugin(id) != null) {
            try {
              manager.stopPlugin(id);
            } catch (RuntimeException e) {
              LOG.atWarn().addKeyValue("plugin", id).setCause(e).log("plugin stop failed");
            }
            manager.unloadPlugin(id);
          }
          return null;
        });
  }

  /** Every installed plugin, by id. */
  public List<PluginInfo> list() {
    List<PluginInfo> out = new ArrayList<>(plugins.values());
    out.sort(Comparator.comparing(PluginInfo::id));
    return out;
  }

  /** One plugin, or 404. */
  public PluginInfo get(String id) {
    PluginInfo info = plugins.get(id);
    if (info == null) {
      throw TaskException.notFound("unknown plugin " + id);
    }
    return info;
  }

  /** Starts a disabled or failed plugin and remembers the choice. */
  public Future<PluginInfo> enable(String id) {
    return lifecycle.submit(
        () -> {
          PluginInfo info = get(id);
          if (info.state() == PluginState.STARTED) {
            return Future.succeededFuture(info);
          }
          return store
              .upsert(id, info.version(), info.path().getFileName().toString(), true)
              .compose(x -> activate(info));
        });
  }

  /** Stops taking requests, drains in-flight ones (bounded), unloads, and remembers the choice. */
  public Future<PluginInfo> disable(String id) {
    return lifecycle.submit(
        () -> {
          PluginInfo info = get(id);
          return store
              .upsert(id, info.version(), info.path().getFileName().toString(), false)
              .compose(x -> deactivate(id))
              .map(
                  x -> {
                    PluginInfo disabled = info.withState(PluginState.DISABLED, null);
                    plugins.put(id, disabled);
                    LOG.atInfo().addKeyValue("plugin", id).log("plugin disabled");
                    return disabled;
                  });
        });
  }

  /** Drains and unloads, then loads the plugin's file again: a new version on disk takes over. */
  public Future<PluginInfo> reload(String id) {
    return lifecycle.submit(
        () -> {
          PluginInfo info = get(id);
          return deactivate(id).compose(x -> reloadFrom(info.path(), info.builtin()));
        });
  }

  private Future<PluginInfo> reloadFrom(Path file, boolean builtin) {
    return vertx
        .executeBlocking(() -> manager.describe(file))
        .compose(
            d -> {
              PluginInfo fresh = describe(d, file, builtin, PluginState.DISABLED, null, List.of());
              plugins.put(d.getPluginId(), fresh);
              return activate(fresh);
            });
  }

  /**
   * Installs an uploaded plugin file. An id that is already installed answers 409 unless {@code
   * replace} is set, in which case the old version is drained and unloaded and the new one takes
   * its place without a restart.
   *
   * @param upload the validated upload, moved into the plugins folder on success
   * @param replace whether to replace an installed plugin with the same id
   * @return the plugin as installed (STARTED, or FAILED with its reason)
   */
  public Future<PluginInfo> install(PluginUpload upload, boolean replace) {
    return lifecycle.submit(
        () -> {
          String id = upload.pluginId();
          PluginInfo existing = plugins.get(id);
          if (existing != null && existing.builtin()) {
            return Future.failedFuture(
                new TaskException(
                    ErrorCode.CONFLICT, "plugin " + id + " is built in and cannot be replaced"));
          }
          if (existing != null && !replace) {
            return Future.failedFuture(
                new TaskException(
                    ErrorCode.CONFLICT,
                    "plugin "
                        + id
                        + " is already installed; upload with ?replace=true to replace it"));
          }
          if (!manager.satisfiesRequires(upload.requires())) {
            return Future.failedFuture(
                TaskException.invalid(
                    "plugin "
                        + id
                        + " requires plugin API "
                        + upload.requires()
                        + ", but this server provides "
                        + manager.getSystemVersion()));
          }
          Future<Void> removed = existing == null ? Future.succeededFuture() : deactivate(id);
          return removed
              .compose(
                  x ->
                      vertx.executeBlocking(
                          () -> {
                            Path target =
                                installDir.resolve(
                                    id + "-" + upload.version() + "." + upload.extension());
                            if (existing != null && !existing.path().equals(target)) {
                              deletePluginFiles(existing.path());
                            }
                            Files.createDirectories(installDir);
                            Files.move(
                                upload.file(),
                                target,
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                            return target;
                          }))
              .compose(
                  target ->
                      store
                          .upsert(id, upload.version(), target.getFileName().toString(), true)
                          .compose(x -> reloadFrom(target, false)));
        });
  }

  /** Drains, unloads and deletes an installed plugin; built-in plugins can only be disabled. */
  public Future<Void> uninstall(String id) {
    return lifecycle.submit(
        () -> {
          PluginInfo info = get(id);
          if (info.builtin()) {
            return Future.failedFuture(
                new TaskException(
                    ErrorCode.CONFLICT, "plugin " + id + " is built in; disable it instead"));
          }
          return deactivate(id)
              .compose(
                  x ->
                      vertx.executeBlocking(
                          () -> {
                            deletePluginFiles(info.path());
                            return null;
                          }))
              .compose(x -> store.delete(id))
              .onSuccess(
                  x -> {
                    plugins.remove(id);
                    configs.remove(id);
                    LOG.atInfo().addKeyValue("plugin", id).log("plugin uninstalled");
                  })
              .mapEmpty();
        });
  }

  /** Drains and unloads every plugin, for shutdown. */
  public Future<Void> stop() {
    return lifecycle.submit(
        () -> {
          List<Future<Void>> all = new ArrayList<>();
          for (String id : new ArrayList<>(deployments.keySet())) {
            all.add(deactivate(id));
          }
          return Future.join(all).mapEmpty();
        });
  }

  /** The class loader of a started plugin, for tests that prove it is released on unload. */
  ClassLoader classLoaderOf(String id) {
    return manager.getPluginClassLoader(id);
  }

  @Override
  public boolean exists(String pluginId) {
    return plugins.containsKey(pluginId);
  }

  @Override
  public boolean provides(String pluginId, TaskType task) {
    PluginInfo info = plugins.get(pluginId);
    return info != null && info.provides(task);
  }

  @Override
  public boolean isServing(String pluginId) {
    PluginInfo info = plugins.get(pluginId);
    return info != null && info.state() == PluginState.STARTED;
  }

  @Override
  public String addressFor(String pluginId, TaskType task) {
    String onThisThread = Addresses.pluginOnThread(pluginId, task, Thread.currentThread());
    return threadEndpoints.contains(onThisThread) ? onThisThread : Addresses.plugin(pluginId, task);
  }

  @Override
  public List<String> servingProviders(TaskType task) {
    List<String> out = new ArrayList<>();
    plugins.values().stream()
        .filter(p -> p.state() == PluginState.STARTED && p.provides(task))
        .sorted(Comparator.comparing((PluginInfo p) -> !p.builtin()).thenComparing(PluginInfo::id))
        .forEach(p -> out.add(p.id()));
    return out;
  }

  /** Whether all built-in plugins started, for the health check. */
  public List<String> failedBuiltins() {
    return plugins.values().stream()
        .filter(p -> p.builtin() && p.state() == PluginState.FAILED)
        .map(PluginInfo::id)
        .sorted()
        .toList();
  }

  private long count(PluginState state) {
    return plugins.values().stream().filter(p -> p.state() == state).count();
  }

  private static PluginInfo describe(
      PluginDescriptor d,
      Path file,
      boolean builtin,
      PluginState state,
      String error,
      List<PluginInfo.ExtensionInfo> ext) {
    if (!PluginIds.isValid(d.getPluginId())) {
      throw TaskException.invalid(
          "plugin id " + d.getPluginId() + " must match " + PluginIds.PATTERN);
    }
    return new PluginInfo(
        d.getPluginId(),
        d.getVersion(),
        d.getPluginDescription(),
        d.getRequires(),
        file,
        builtin,
        state,
        error,
        ext);
  }

  private static List<Path> pluginFiles(Path dir) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.{jar,zip}")) {
      stream.forEach(out::add);
    } catch (IOException e) {
      LOG.atWarn().addKeyValue("dir", dir).setCause(e).log("cannot list plugins");
    }
    out.sort(Comparator.comparing(Path::toString));
    return out;
  }

  private static void deletePluginFiles(Path file) throws IOException {
    Files.deleteIfExists(file);
    // PF4J expands a zip plugin into a folder of the same name beside it.
    String name = file.getFileName().toString();
    if (name.endsWith(".zip")) {
      Path expanded = file.resolveSibling(name.substring(0, name.length() - 4));
      if (Files.isDirectory(expanded)) {
        try (var walk = Files.walk(expanded)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String own = t.getMessage();
    if (root == t || message == null) {
      return own == null ? t.getClass().getSimpleName() : own;
    }
    return (own == null ? "" : own + ": ") + root.getClass().getSimpleName() + ": " + message;
  }
}
