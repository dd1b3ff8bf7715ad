package dev.switchboard.testkit;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.Principal;
import dev.switchboard.api.SubTasks;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.agent.ToolBox;
import dev.switchboard.api.chat.ConversationMemory;
import dev.switchboard.api.index.DocumentIndex;
import dev.switchboard.api.model.ModelCatalog;
import dev.switchboard.testkit.models.FakeModelCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * A {@link TaskContext} that records what a plugin does with it: the chunks it emits, in order, the
 * lines it logs and the metrics it writes. It can be cancelled from a test, and cancels itself when
 * its deadline passes, running the plugin's {@link #onCancel} actions as the server would.
 *
 * <p>{@link PluginTestHost} makes one per task; build your own with {@link #builder(Vertx)} to call
 * an extension directly.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class TestTaskContext implements TaskContext {

  private final String requestId;
  private final Instant deadline;
  private final Principal principal;
  private final JsonObject config;
  private final Vertx vertx;
  private final ModelCatalog models;
  private final DocumentIndex documents;
  private final ConversationMemory conversations;
  private final SubTasks subtasks;
  private final InMemoryToolBox tools;
  private final RecordingLogger log;
  private final InMemoryPluginMetrics metrics;

  private final Object lock = new Object();
  private final List<JsonObject> chunks = new ArrayList<>();
  private final List<Runnable> cancelActions = new ArrayList<>();
  private final List<Consumer<JsonObject>> chunkListeners = new CopyOnWriteArrayList<>();
  private volatile boolean cancelled;
  private volatile boolean deadlinePassed;
  private volatile boolean finished;
  private int chunksAtCancel = -1;
  private long deadlineTimer = -1;

  private TestTaskContext(Builder builder) {
    this.requestId = builder.requestId;
    this.deadline = builder.deadline;
    this.principal = builder.principal;
    this.config = builder.config.copy();
    this.vertx = builder.vertx;
    this.models = builder.models;
    this.documents = builder.documents;
    this.conversations = builder.conversations;
    this.subtasks = builder.subtasks;
    this.tools = builder.tools;
    this.log = new RecordingLogger(builder.pluginId, requestId);
    this.metrics = builder.metrics;
  }

  /**
   * Starts building a context.
   *
   * @param vertx the Vert.x instance the plugin gets from {@link #vertx()}
   * @return a builder with defaults: a random request id, a 30 s deadline, the anonymous principal,
   *     an empty config, a new {@link FakeModelCatalog}, a new {@link InMemoryDocumentIndex}, a new
   *     {@link InMemoryConversationMemory}, {@link FakeSubTasks} over the index and an empty {@link
   *     InMemoryToolBox}
   */
  public static Builder builder(Vertx vertx) {
    return new Builder(vertx);
  }

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public Instant deadline() {
    return deadline;
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public JsonObject config() {
    return config;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public ModelCatalog models() {
    return models;
  }

  @Override
  public DocumentIndex documents() {
    return documents;
  }

  @Override
  public ConversationMemory conversations() {
    return conversations;
  }

  @Override
  public SubTasks subtasks() {
    return subtasks;
  }

  @Override
  public ToolBox tools() {
    return tools.forTask(this);
  }

  @Override
  public void emit(JsonObject chunk) {
    Objects.requireNonNull(chunk, "chunk");
    JsonObject copy = chunk.copy();
    synchronized (lock) {
      chunks.add(copy);
      lock.notifyAll();
    }
    // Listeners run on the emitting thread, so a cancel they trigger is visible to the very next
    // isCancelled() check of even a fully synchronous handler.
    for (Consumer<JsonObject> listener : chunkListeners) {
      listener.accept(copy);
    }
  }

  @Override
  public boolean isCancelled() {
    if (!cancelled && !finished && !Instant.now().isBefore(deadline)) {
      cancelForDeadline();
    }
    return cancelled;
  }

  @Override
  public void onCancel(Runnable action) {
    Objects.requireNonNull(action, "action");
    synchronized (lock) {
      if (!cancelled) {
        cancelActions.add(action);
        return;
      }
    }
    runQuietly(action);
  }

  @Override
  public Logger log() {
    return log;
  }

  @Override
  public InMemoryPluginMetrics metrics() {
    return metrics;
  }

  /**
   * Cancels the task as a client that goes away would: {@link #isCancelled()} turns true and the
   * {@link #onCancel} actions run once, on this thread. Calling it again does nothing.
   */
  public void cancel() {
    List<Runnable> actions;
    synchronized (lock) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      chunksAtCancel = chunks.size();
      actions = new ArrayList<>(cancelActions);
      cancelActions.clear();
      lock.notifyAll();
    }
    actions.forEach(TestTaskContext::runQuietly);
  }

  private void cancelForDeadline() {
    deadlinePassed = true;
    cancel();
  }

  // A failing cancel action must not stop the others, as in the server.
  private static void runQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      // Deliberately ignored: the plugin's task outcome shows whether it stopped.
    }
  }

  /**
   * Whether the deadline passed before the task finished.
   *
   * @return true once the deadline cancelled the task
   */
  public boolean deadlinePassed() {
    return deadlinePassed;
  }

  /**
   * The chunks emitted so far, in order; each a copy of what the plugin passed to {@link #emit}.
   *
   * @return a snapshot
   */
  public List<JsonObject> chunks() {
    synchronized (lock) {
      return List.copyOf(chunks);
    }
  }

  /**
   * The {@code delta} texts of the chunks emitted so far, concatenated.
   *
   * @return the streamed text, empty when nothing was streamed
   */
  public String streamedText() {
    return StreamAssertions.text(chunks());
  }

  /**
   * How many chunks were emitted after the task was cancelled; the server drops these.
   *
   * @return 0 when not cancelled
   */
  public int chunksAfterCancel() {
    synchronized (lock) {
      return chunksAtCancel < 0 ? 0 : chunks.size() - chunksAtCancel;
    }
  }

  /**
   * Waits until at least {@code count} chunks were emitted.
   *
   * @param count the number of chunks to wait for
   * @param timeout how long to wait at most
   * @return true when they arrived, false on timeout
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public boolean awaitChunks(int count, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (chunks.size() < count) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /**
   * The lines the plugin logged through {@link #log()}, in order.
   *
   * @return a snapshot
   */
  public List<LogEntry> logs() {
    return log.entries();
  }

  void onChunk(Consumer<JsonObject> listener) {
    chunkListeners.add(listener);
  }

  /** Arms the deadline: the server cancels a task whose deadline passes. */
  void startDeadlineTimer() {
    long millis = Duration.between(Instant.now(), deadline).toMillis();
    if (millis <= 0) {
      cancelForDeadline();
      return;
    }
    long id = vertx.setTimer(millis, t -> cancelForDeadline());
    synchronized (lock) {
      deadlineTimer = id;
    }
  }

  /** Disarms the deadline once the task is over: a finished task is no longer cancelled by it. */
  void finish() {
    finished = true;
    long id;
    synchronized (lock) {
      id = deadlineTimer;
      deadlineTimer = -1;
    }
    if (id >= 0) {
      vertx.cancelTimer(id);
    }
  }

  /** Builds a {@link TestTaskContext}. */
  @ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {

    private final Vertx vertx;
    private String pluginId = "test-plugin";
    private String requestId = UUID.randomUUID().toString();
    private Instant deadline = Instant.now().plusSeconds(30);
    private Principal principal = Principal.ANONYMOUS;
    private JsonObject config = new JsonObject();
    private ModelCatalog models;
    private DocumentIndex documents;
    private ConversationMemory conversations;
    private SubTasks subtasks;
    private InMemoryToolBox tools;
    private InMemoryPluginMetrics metrics;

    private Builder(Vertx vertx) {
      this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    /**
     * Sets the plugin id, used to name the logger.
     *
     * @param pluginId the id
     * @return this builder
     */
    public Builder pluginId(String pluginId) {
      this.pluginId = Objects.requireNonNull(pluginId, "pluginId");
      return this;
    }

    /**
     * Sets the request id.
     *
     * @param requestId the id
     * @return this builder
     */
    public Builder requestId(String requestId) {
      this.requestId = Objects.requireNonNull(requestId, "requestId");
      return this;
    }

    /**
     * Sets the deadline.
     *
     * @param deadline when the caller stops waiting
     * @return this builder
     */
    public Builder deadline(Instant deadline) {
      this.deadline = Objects.requireNonNull(deadline, "deadline");
      return this;
    }

    /**
     * Sets who the request is made for.
     *
     * @param principal the principal
     * @return this builder
     */
    public Builder principal(Principal principal) {
      this.principal = Objects.requireNonNull(principal, "principal");
      return this;
    }

    /**
     * Sets the plugin's configuration; the context gets a copy.
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder config(JsonObject config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Sets the model catalog.
     *
     * @param models the catalog
     * @return this builder
     */
    public Builder models(ModelCatalog models) {
      this.models = Objects.requireNonNull(models, "models");
      return this;
    }

    /**
     * Sets the document index, for example to share one across tasks.
     *
     * @param documents the index
     * @return this builder
     */
    public Builder documents(DocumentIndex documents) {
      this.documents = Objects.requireNonNull(documents, "documents");
      return this;
    }

    /**
     * Sets the stored conversations, for chat memory.
     *
     * @param conversations the memory
     * @return this builder
     */
    public Builder conversations(ConversationMemory conversations) {
      this.conversations = Objects.requireNonNull(conversations, "conversations");
      return this;
    }

    /**
     * Sets what runs the plugin's sub-tasks.
     *
     * @param subtasks the sub-task runner
     * @return this builder
     */
    public Builder subtasks(SubTasks subtasks) {
      this.subtasks = Objects.requireNonNull(subtasks, "subtasks");
      return this;
    }

    /**
     * Sets the tools the plugin may call.
     *
     * @param tools the tool box
     * @return this builder
     */
    public Builder tools(InMemoryToolBox tools) {
      this.tools = Objects.requireNonNull(tools, "tools");
      return this;
    }

    /**
     * Sets the metrics, for example to share them across tasks.
     *
     * @param metrics the metrics
     * @return this builder
     */
    public Builder metrics(InMemoryPluginMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * Builds the context; its deadline is not armed until a host runs a task with it, but {@link
     * TestTaskContext#isCancelled()} already turns true once the deadline has passed.
     *
     * @return the context
     */
    public TestTaskContext build() {
      if (models == null) {
        models = new FakeModelCatalog();
      }
      if (metrics == null) {
        metrics = new InMemoryPluginMetrics();
      }
      if (documents == null) {
        documents = new InMemoryDocumentIndex();
      }
      if (conversations == null) {
        conversations = new InMemoryConversationMemory();
      }
      if (subtasks == null) {
        subtasks = new FakeSubTasks(documents);
      }
      if (tools == null) {
        tools = new InMemoryToolBox();
      }
      return new TestTaskContext(this);
    }
  }
}
