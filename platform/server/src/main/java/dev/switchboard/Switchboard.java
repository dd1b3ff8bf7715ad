package dev.switchboard;

import dev.switchboard.auth.AuthService;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.conversations.ConversationStore;
import dev.switchboard.datasets.DatasetVersions;
import dev.switchboard.db.Database;
import dev.switchboard.eval.EvalLogWriter;
import dev.switchboard.evaluation.EvalRunStore;
import dev.switchboard.evaluation.EvalRunner;
import dev.switchboard.http.HttpApi;
import dev.switchboard.http.HttpVerticle;
import dev.switchboard.http.RequestValidation;
import dev.switchboard.models.ModelService;
import dev.switchboard.plugins.HostServices;
import dev.switchboard.plugins.PluginHost;
import dev.switchboard.retrieval.HostDocumentIndex;
import dev.switchboard.routing.RouteStore;
import dev.switchboard.routing.RoutingTable;
import dev.switchboard.routing.TaskDispatcher;
import dev.switchboard.routing.TaskEnvelope;
import dev.switchboard.routing.TaskEnvelopeCodec;
import dev.switchboard.routing.TaskRouter;
import dev.switchboard.training.TrainingJobStore;
import dev.switchboard.training.TrainingJobs;
import dev.switchboard.training.TrainingRunner;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running platform: database, plugin host, router and HTTP API on one Vert.x instance. {@link
 * #start} brings it up in dependency order; {@link #stop} takes it down in reverse, draining
 * in-flight work at every step.
 */
public final class Switchboard {

  private static final Logger LOG = LoggerFactory.getLogger(Switchboard.class);

  /**
   * One event loop per core, each with its own HTTP server and its own endpoint of every plugin, so
   * a request is parsed, routed, served and answered on one thread. (Vert.x's default of two loops
   * per core is for loops that block; ours never do.)
   */
  public static final int EVENT_LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private final SwitchboardConfig config;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private Database database;
  private PluginHost plugins;
  private final Vertx evalLogVertx;
  private EvalLogWriter evalLog;
  private ModelService models;
  private HostDocumentIndex documents;
  private AuthService auth;
  private TaskDispatcher dispatcher;
  private HttpApi api;
  private ConversationStore conversations;
  private TrainingRunner training;
  private EvalRunner evalRuns;
  private String httpDeployment;
  private String routerDeployment;
  private int port;

  private Switchboard(SwitchboardConfig config) {
    this.config = config;
    this.port = config.port();
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setEventLoopPoolSize(EVENT_LOOPS)
                    .setMetricsOptions(MetricsSetup.options()))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    vertx.eventBus().registerDefaultCodec(TaskEnvelope.class, new TaskEnvelopeCodec());
    this.evalLogVertx = EvalLogWriter.newVertx();
  }

  /**
   * Starts the platform.
   *
   * @param config the configuration
   * @return the running platform, once {@code /health} can answer UP
   */
  public static Future<Switchboard> start(SwitchboardConfig requested) {
    SwitchboardConfig config =
        requested.port() == 0 ? requested.withPort(freePort(requested.host())) : requested;
    Switchboard sb = new Switchboard(config);
    long t0 = System.nanoTime();
    // A plain promise, not bound to the Vert.x context: a failed start closes Vert.x before the
    // caller hears of it.
    Promise<Switchboard> started = Promise.promise();
    sb.startServices()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.error("start-up failed: {}", ar.cause().toString());
                sb.stop().onComplete(x -> started.fail(ar.cause()));
                return;
              }
              LOG.atInfo()
                  .addKeyValue("port", sb.port)
                  .addKeyValue("home", config.home())
                  .addKeyValue("ms", (System.nanoTime() - t0) / 1_000_000)
                  .log("Switchboard is up at http://{}:{}/", config.host(), sb.port);
              sb.auth.announce();
              started.complete(sb);
            });
    return started.future();
  }

  private Future<Void> startServices() {
    AtomicReference<RoutingTable> table = new AtomicReference<>(RoutingTable.empty());
    return Database.open(vertx, config.databaseUrl(), config.home())
        .compose(
            db -> {
              database = db;
              return HostDocumentIndex.start(vertx, db.pool())
                  .map(
                      index -> {
                        documents = index;
                        return db;
                      });
            })
        .compose(
            db -> {
              database = db;
              evalLog =
                  new EvalLogWriter(
                      evalLogVertx, db.endpoint(), config.evalLogSampleRate(), registry);
              models = new ModelService(vertx, db.pool(), registry, config.modelsDir());
              conversations = new ConversationStore(db.pool());
              plugins =
                  new PluginHost(
                      vertx,
                      db.pool(),
                      new HostServices(models.catalog(), documents, conversations),
                      registry,
                      config.pluginsDir(),
                      config.builtinPluginsDir(),
                      config.drainTimeout());
              return models.start().compose(x -> new RouteStore(db.pool()).load());
            })
        .compose(
            loaded -> {
              table.set(loaded);
              return plugins.start();
            })
        .compose(
            x -> {
              dispatcher = new TaskDispatcher(vertx, plugins, table::get, evalLog);
              return vertx.deployVerticle(new TaskRouter(dispatcher));
            })
        .compose(
            id -> {
              routerDeployment = id;
              return AuthService.start(vertx, database, config);
            })
        .compose(
            authService -> {
              auth = authService;
              // Heads train on the CPU whatever the serving device (ClassifierTrainer's default).
              training =
                  new TrainingRunner(
                      vertx,
                      new TrainingJobStore(database.pool()),
                      new DatasetVersions(database.pool()),
                      models,
                      config.home().resolve("training"),
                      "cpu");
              return training.start();
            })
        .compose(x -> RequestValidation.load(vertx))
        .compose(
            validation -> {
              evalRuns =
                  new EvalRunner(
                      vertx,
                      new EvalRunStore(database.pool()),
                      new DatasetVersions(database.pool()),
                      dispatcher,
                      config.defaultTimeout());
              api =
                  new HttpApi(
                      vertx,
                      config,
                      database,
                      plugins,
                      models,
                      conversations,
                      new RouteStore(database.pool()),
                      table,
                      dispatcher,
                      documents,
                      PrometheusScrapingHandler.create(registry),
                      auth,
                      new TrainingJobs(
                          new TrainingJobStore(database.pool()),
                          new DatasetVersions(database.pool()),
                          training),
                      evalRuns,
                      validation);
              return vertx.deployVerticle(
                  () -> new HttpVerticle(api), new DeploymentOptions().setInstances(EVENT_LOOPS));
            })
        .compose(
            id -> {
              httpDeployment = id;
              // Runs a stopped server left queued or running resume where they were.
              return evalRuns.start();
            });
  }

  /**
   * Pauses eval runs (their batch in flight may finish, bounded by the drain timeout), stops
   * accepting requests, lets in-flight ones finish, stops plugins, flushes the eval log, closes the
   * database and Vert.x.
   *
   * @return completes when everything is down
   */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    if (evalRuns != null) {
      // First, while plugins still serve: a run must not store answers from plugins shutting down.
      EvalRunner runner = evalRuns;
      chain = chain.transform(x -> runner.stop(config.drainTimeout()));
    }
    if (httpDeployment != null) {
      String id = httpDeployment;
      chain = chain.transform(x -> vertx.undeploy(id));
    }
    if (routerDeployment != null) {
      String id = routerDeployment;
      chain = chain.transform(x -> vertx.undeploy(id));
    }
    if (plugins != null) {
      chain = chain.transform(x -> plugins.stop());
    }
    if (evalLog != null) {
      chain = chain.transform(x -> evalLog.drain(5_000));
    }
    if (training != null) {
      TrainingRunner runner = training;
      chain = chain.transform(x -> runner.stop());
    }
    if (models != null) {
      chain = chain.transform(x -> models.close());
    }
    if (auth != null) {
      chain = chain.transform(x -> auth.close());
    }
    if (documents != null) {
      chain = chain.transform(x -> documents.close());
    }
    if (database != null) {
      chain = chain.transform(x -> database.close(vertx));
    }
    Promise<Void> stopped = Promise.promise();
    chain
        .transform(x -> evalLogVertx.close())
        .transform(x -> vertx.close())
        .onComplete(
            x -> {
              LOG.info("Switchboard stopped");
              stopped.complete();
            });
    return stopped.future();
  }

  /** Port 0 asks for any free port; all HTTP verticle instances must share the same one. */
  private static int freePort(String host) {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("no free port on " + host, e);
    }
  }

  /** The HTTP routes served ({@code "METHOD /path/{param}"}), for tests. */
  public java.util.List<String> httpRoutes() {
    return api == null ? java.util.List.of() : api.servedRoutes();
  }

  /** The HTTP port in use. */
  public int port() {
    return port;
  }

  /** The Vert.x instance, for tests and benchmarks in the same JVM. */
  public Vertx vertx() {
    return vertx;
  }

  /** The database, for tests. */
  public Database database() {
    return database;
  }

  /** The document index, for tests and benchmarks. */
  public HostDocumentIndex documents() {
    return documents;
  }

  /** The plugin host, for tests. */
  public PluginHost plugins() {
    return plugins;
  }

  /** The hosted models, for tests and benchmarks. */
  public ModelService models() {
    return models;
  }

  /** The eval log writer, for tests. */
  public EvalLogWriter evalLog() {
    return evalLog;
  }
}
