package dev.switchboard.testkit;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.TaskExtension;
import dev.switchboard.api.agent.Tool;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.classify.ClassifyRequest;
import dev.switchboard.api.retrieve.IngestRequest;
import dev.switchboard.api.retrieve.IngestResult;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.api.retrieve.RetrievedChunk;
import dev.switchboard.testkit.models.FakeModelCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An in-process stand-in for the Switchboard server, to test a plugin without it. It owns a Vert.x
 * instance, finds the plugin's extensions the way the server does (from the {@code
 * META-INF/extensions.idx} that PF4J's annotation processor writes at compile time), and runs each
 * task on an event loop with a fresh {@link TestTaskContext}: the plugin's config, a {@link
 * FakeModelCatalog}, a recording logger and in-memory metrics.
 *
 * <pre>{@code
 * try (PluginTestHost host = PluginTestHost.create()) {
 *   TaskOutcome<ChatResult> outcome = host.chat("Ada");
 *   assertEquals("Hello Ada", outcome.result().message().content());
 *   StreamAssertions.assertThat(outcome).hasText("Hello Ada");
 * }
 * }</pre>
 *
 * <p>The host creates one instance of each extension class for its lifetime. Extensions should not
 * rely on that: keep them stateless or thread-safe, since the server may call one instance from
 * many event loops at once.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class PluginTestHost implements AutoCloseable {

  /** The deadline a task gets unless a test sets one. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  /** How long past its deadline the host still waits for an extension's future. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);

  private final String pluginId;
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final FakeModelCatalog models;
  private final InMemoryPluginMetrics metrics = new InMemoryPluginMetrics();
  private final InMemoryDocumentIndex documents = new InMemoryDocumentIndex();
  private final InMemoryConversationMemory conversations = new InMemoryConversationMemory();
  private final FakeSubTasks subtasks = new FakeSubTasks(documents);
  private final InMemoryToolBox tools = new InMemoryToolBox();
  private final List<Object> extensions;
  private final Duration deadline;
  private final Duration grace;
  private volatile JsonObject config;

  private PluginTestHost(Builder builder) {
    this.pluginId = builder.pluginId;
    this.ownsVertx = builder.vertx == null;
    this.vertx = ownsVertx ? Vertx.vertx() : builder.vertx;
    this.models = builder.models == null ? new FakeModelCatalog() : builder.models;
    this.deadline = builder.deadline;
    this.grace = builder.grace;
    this.config = builder.config.copy();
    List<Object> found;
    try {
      found =
          builder.extensions != null
              ? List.copyOf(builder.extensions)
              : List.copyOf(ExtensionDiscovery.discover(builder.classLoader()));
    } catch (RuntimeException e) {
      closeVertx();
      throw e;
    }
    this.extensions = found;
    // The server offers every started plugin's tools, this plugin's own among them.
    for (Tool tool : extensions(Tool.class)) {
      tools.add(tool);
    }
  }

  /**
   * A host over the extensions indexed on the test class path, with defaults for everything else.
   *
   * @return a new host; close it after the test
   */
  public static PluginTestHost create() {
    return builder().build();
  }

  /**
   * Starts building a host.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The plugin id the host runs the extensions as.
   *
   * @return the id
   */
  public String pluginId() {
    return pluginId;
  }

  /**
   * The Vert.x instance tasks run on.
   *
   * @return the instance
   */
  public Vertx vertx() {
    return vertx;
  }

  /**
   * The fake models every task's context offers; script them before running a task.
   *
   * @return the catalog
   */
  public FakeModelCatalog models() {
    return models;
  }

  /**
   * The metrics all tasks of this host write to.
   *
   * @return the metrics
   */
  public InMemoryPluginMetrics metrics() {
    return metrics;
  }

  /**
   * The document index all tasks of this host share, as the server's is shared by all requests.
   *
   * @return the index
   */
  public InMemoryDocumentIndex documents() {
    return documents;
  }

  /**
   * The stored conversations all tasks of this host share; record earlier turns here to test chat
   * memory.
   *
   * @return the memory
   */
  public InMemoryConversationMemory conversations() {
    return conversations;
  }

  /**
   * What runs the sub-tasks of all tasks of this host: retrieval over {@link #documents()} unless
   * scripted.
   *
   * @return the sub-task runner
   */
  public FakeSubTasks subtasks() {
    return subtasks;
  }

  /**
   * The tools all tasks of this host may call: the plugin's own {@link Tool} extensions, plus any a
   * test adds for other plugins'.
   *
   * @return the tool box
   */
  public InMemoryToolBox tools() {
    return tools;
  }

  /**
   * The plugin configuration tasks get unless a run overrides it.
   *
   * @return a copy
   */
  public JsonObject config() {
    return config.copy();
  }

  /**
   * Replaces the plugin configuration for the tasks that follow, as an operator editing it would.
   *
   * @param config the new configuration
   * @return this host
   */
  public PluginTestHost config(JsonObject config) {
    this.config = Objects.requireNonNull(config, "config").copy();
    return this;
  }

  Duration grace() {
    return grace;
  }

  /**
   * Every extension the host found, in ordinal order.
   *
   * @return the instances
   */
  public List<Object> extensions() {
    return extensions;
  }

  /**
   * The extensions of a type.
   *
   * @param type an extension point, such as {@code Classifier.class}
   * @param <T> the extension point
   * @return the instances, possibly empty
   */
  public <T> List<T> extensions(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Object extension : extensions) {
      if (type.isInstance(extension)) {
        out.add(type.cast(extension));
      }
    }
    return out;
  }

  /**
   * The one extension of a type.
   *
   * @param type an extension point, such as {@code ChatHandler.class}
   * @param <T> the extension point
   * @return the instance
   * @throws AssertionError when there is none or more than one
   */
  public <T> T extension(Class<T> type) {
    return extension(type, null);
  }

  /**
   * The extension of a type with a given {@link TaskExtension#name()}.
   *
   * @param type an extension point
   * @param name the extension's name, or null when the plugin has exactly one of the type
   * @param <T> the extension point
   * @return the instance
   * @throws AssertionError when none (or, without a name, more than one) matches
   */
  public <T> T extension(Class<T> type, String name) {
    List<T> candidates = extensions(type);
    if (name != null) {
      candidates.removeIf(e -> !(e instanceof TaskExtension t) || !name.equals(t.name()));
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    String what = type.getSimpleName() + (name == null ? "" : " named " + name);
    if (candidates.isEmpty()) {
      throw new AssertionError(
          "no "
              + what
              + " found; found "
              + describe(extensions)
              + ". Is the class annotated @org.pf4j.Extension and was annotation processing on"
              + " when it compiled (META-INF/extensions.idx)?");
    }
    throw new AssertionError(
        "several " + what + " found: " + describe(candidates) + "; pick one by name");
  }

  private static String describe(List<?> extensions) {
    List<String> names = new ArrayList<>();
    for (Object extension : extensions) {
      names.add(extension.getClass().getName());
    }
    return names.toString();
  }

  /**
   * Settings for one task; finish with the call that runs it.
   *
   * @return a new run with the host's defaults
   */
  public TaskRun task() {
    return new TaskRun(this, deadline);
  }

  /**
   * Runs a chat task with the host's defaults.
   *
   * @param request the request
   * @return the outcome
   */
  public TaskOutcome<ChatResult> chat(ChatRequest request) {
    return task().chat(request);
  }

  /**
   * Runs a chat task with a single user message.
   *
   * @param userMessage the message
   * @return the outcome
   */
  public TaskOutcome<ChatResult> chat(String userMessage) {
    return task().chat(userMessage);
  }

  /**
   * Runs a classification task with the host's defaults.
   *
   * @param request the request
   * @return the outcome
   */
  public TaskOutcome<List<Classification>> classify(ClassifyRequest request) {
    return task().classify(request);
  }

  /**
   * Classifies some texts.
   *
   * @param inputs the texts
   * @return the outcome
   */
  public TaskOutcome<List<Classification>> classify(String... inputs) {
    return task().classify(inputs);
  }

  /**
   * Runs a retrieval task with the host's defaults.
   *
   * @param request the request
   * @return the outcome
   */
  public TaskOutcome<List<RetrievedChunk>> retrieve(RetrieveRequest request) {
    return task().retrieve(request);
  }

  /**
   * Runs an ingest task with the host's defaults.
   *
   * @param request the request
   * @return the outcome
   */
  public TaskOutcome<IngestResult> ingest(IngestRequest request) {
    return task().ingest(request);
  }

  /** Closes the Vert.x instance, unless it was handed in by the test. */
  @Override
  public void close() {
    closeVertx();
  }

  private void closeVertx() {
    if (ownsVertx) {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("Vert.x did not close", e);
      }
    }
  }

  /** Builds a {@link PluginTestHost}. */
  @ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {

    private String pluginId = "test-plugin";
    private ClassLoader classLoader;
    private List<Object> extensions;
    private Vertx vertx;
    private FakeModelCatalog models;
    private JsonObject config = new JsonObject();
    private Duration deadline = DEFAULT_DEADLINE;
    private Duration grace = DEFAULT_GRACE;

    private Builder() {}

    /**
     * Sets the plugin id, as in the jar's {@code Plugin-Id}; it names the plugin's logger.
     *
     * @param pluginId the id, {@code test-plugin} by default
     * @return this builder
     */
    public Builder pluginId(String pluginId) {
      this.pluginId = Objects.requireNonNull(pluginId, "pluginId");
      return this;
    }

    /**
     * Reads {@code META-INF/extensions.idx} through this class loader instead of the thread's
     * context class loader.
     *
     * @param classLoader the loader
     * @return this builder
     */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /**
     * Uses these extension instances and skips discovery, for example to test one class in
     * isolation.
     *
     * @param extensions the instances
     * @return this builder
     */
    public Builder extensions(Object... extensions) {
      this.extensions = List.of(extensions);
      return this;
    }

    /**
     * Runs tasks on this Vert.x instance, for example one injected by {@code VertxExtension}; the
     * host then does not close it.
     *
     * @param vertx the instance
     * @return this builder
     */
    public Builder vertx(Vertx vertx) {
      this.vertx = Objects.requireNonNull(vertx, "vertx");
      return this;
    }

    /**
     * Uses this model catalog, for example {@link FakeModelCatalog#empty()}.
     *
     * @param models the catalog
     * @return this builder
     */
    public Builder models(FakeModelCatalog models) {
      this.models = Objects.requireNonNull(models, "models");
      return this;
    }

    /**
     * Sets the plugin configuration every task gets.
     *
     * @param config the configuration, empty by default
     * @return this builder
     */
    public Builder config(JsonObject config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Sets the default deadline of tasks.
     *
     * @param deadline the time allowed per task, {@link #DEFAULT_DEADLINE} by default
     * @return this builder
     */
    public Builder deadline(Duration deadline) {
      this.deadline = Objects.requireNonNull(deadline, "deadline");
      return this;
    }

    /**
     * Sets how long past its deadline the host still waits for an extension's future, before it
     * reports the task as never completed.
     *
     * @param grace the extra time, {@link #DEFAULT_GRACE} by default
     * @return this builder
     */
    public Builder grace(Duration grace) {
      this.grace = Objects.requireNonNull(grace, "grace");
      return this;
    }

    ClassLoader classLoader() {
      if (classLoader != null) {
        return classLoader;
      }
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      return context != null ? context : PluginTestHost.class.getClassLoader();
    }

    /**
     * Starts Vert.x (unless one was given) and instantiates the extensions.
     *
     * @return the host
     * @throws IllegalStateException when an indexed extension cannot be loaded or created
     */
    public PluginTestHost build() {
      return new PluginTestHost(this);
    }
  }
}
