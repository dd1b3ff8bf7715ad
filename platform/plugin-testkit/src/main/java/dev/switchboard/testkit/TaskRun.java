package dev.switchboard.testkit;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.Principal;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.chat.ChatHandler;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.classify.Classifier;
import dev.switchboard.api.classify.ClassifyRequest;
import dev.switchboard.api.retrieve.IngestRequest;
import dev.switchboard.api.retrieve.IngestResult;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.api.retrieve.RetrievedChunk;
import dev.switchboard.api.retrieve.Retriever;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The settings of one task, then the call that runs it. Get one from {@link PluginTestHost#task()};
 * every setting is optional.
 *
 * <pre>{@code
 * TaskOutcome<ChatResult> outcome =
 *     host.task()
 *         .config(new JsonObject().put("greeting", "Hi"))
 *         .deadline(Duration.ofMillis(500))
 *         .cancelAfterChunks(2)
 *         .chat("hello");
 * }</pre>
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class TaskRun {

  private final PluginTestHost host;
  private final TestTaskContext.Builder context;
  private Duration deadline;
  private Duration cancelAfter;
  private int cancelAfterChunks;
  private String extensionName;

  TaskRun(PluginTestHost host, Duration deadline) {
    this.host = host;
    this.deadline = deadline;
    this.context =
        TestTaskContext.builder(host.vertx())
            .pluginId(host.pluginId())
            .config(host.config())
            .models(host.models())
            .documents(host.documents())
            .conversations(host.conversations())
            .subtasks(host.subtasks())
            .tools(host.tools())
            .metrics(host.metrics());
  }

  /**
   * Uses this plugin configuration instead of the host's for this task.
   *
   * @param config the configuration
   * @return this run
   */
  public TaskRun config(JsonObject config) {
    context.config(config);
    return this;
  }

  /**
   * Sets how long the caller waits, counted from the call; past it the task is cancelled.
   *
   * @param deadline the time allowed; zero or negative gives a task whose deadline has passed
   * @return this run
   */
  public TaskRun deadline(Duration deadline) {
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    return this;
  }

  /**
   * Sets who the request is made for.
   *
   * @param principal the principal
   * @return this run
   */
  public TaskRun principal(Principal principal) {
    context.principal(principal);
    return this;
  }

  /**
   * Sets the request id.
   *
   * @param requestId the id
   * @return this run
   */
  public TaskRun requestId(String requestId) {
    context.requestId(requestId);
    return this;
  }

  /**
   * Cancels the task after a delay, as a client that disconnects mid-stream.
   *
   * @param delay the delay from the call
   * @return this run
   */
  public TaskRun cancelAfter(Duration delay) {
    this.cancelAfter = Objects.requireNonNull(delay, "delay");
    return this;
  }

  /**
   * Cancels the task as soon as it has emitted this many chunks. The cancel happens inside the emit
   * call, so even a handler that streams synchronously sees it at its next check.
   *
   * @param chunks the number of chunks, at least 1
   * @return this run
   */
  public TaskRun cancelAfterChunks(int chunks) {
    if (chunks < 1) {
      throw new IllegalArgumentException("chunks must be at least 1");
    }
    this.cancelAfterChunks = chunks;
    return this;
  }

  /**
   * Picks an extension by its {@link dev.switchboard.api.TaskExtension#name()} when the plugin
   * contributes several of the same type.
   *
   * @param name the extension's name
   * @return this run
   */
  public TaskRun extension(String name) {
    this.extensionName = Objects.requireNonNull(name, "name");
    return this;
  }

  /**
   * Runs a chat task.
   *
   * @param request the request
   * @return the outcome
   */
  public TaskOutcome<ChatResult> chat(ChatRequest request) {
    return startChat(request).await();
  }

  /**
   * Runs a chat task with a single user message.
   *
   * @param userMessage the message
   * @return the outcome
   */
  public TaskOutcome<ChatResult> chat(String userMessage) {
    return chat(
        new ChatRequest(
            null, List.of(ChatMessage.of("user", userMessage)), null, null, null, null));
  }

  /**
   * Starts a chat task without waiting, to cancel it or watch its stream.
   *
   * @param request the request
   * @return the running task
   */
  public RunningTask<ChatResult> startChat(ChatRequest request) {
    ChatHandler handler = host.extension(ChatHandler.class, extensionName);
    return start(ctx -> handler.chat(request, ctx));
  }

  /**
   * Runs a classification task.
   *
   * @param request the request
   * @return the outcome
   */
  public TaskOutcome<List<Classification>> classify(ClassifyRequest request) {
    Classifier classifier = host.extension(Classifier.class, extensionName);
    return run(ctx -> classifier.classify(request, ctx));
  }

  /**
   * Runs a classification task on some texts.
   *
   * @param inputs the texts
   * @return the outcome
   */
  public TaskOutcome<List<Classification>> classify(String... inputs) {
    return classify(new ClassifyRequest(null, List.of(inputs), null));
  }

  /**
   * Runs a retrieval task.
   *
   * @param request the request
   * @return the outcome
   */
  public TaskOutcome<List<RetrievedChunk>> retrieve(RetrieveRequest request) {
    Retriever retriever = host.extension(Retriever.class, extensionName);
    return run(ctx -> retriever.retrieve(request, ctx));
  }

  /**
   * Runs an ingest task.
   *
   * @param request the request
   * @return the outcome
   */
  public TaskOutcome<IngestResult> ingest(IngestRequest request) {
    Retriever retriever = host.extension(Retriever.class, extensionName);
    return run(ctx -> retriever.ingest(request, ctx));
  }

  /**
   * Runs any call against an extension with this run's context, for example a {@link
   * dev.switchboard.api.agent.Tool} or a {@link dev.switchboard.api.agent.Guard}.
   *
   * @param task calls the extension
   * @param <T> the result type
   * @return the outcome
   */
  public <T> TaskOutcome<T> run(Function<TaskContext, Future<T>> task) {
    return start(task).await();
  }

  /**
   * Starts any call without waiting.
   *
   * @param task calls the extension
   * @param <T> the result type
   * @return the running task
   */
  public <T> RunningTask<T> start(Function<TaskContext, Future<T>> task) {
    TestTaskContext ctx = context.deadline(Instant.now().plus(deadline)).build();
    if (cancelAfterChunks > 0) {
      AtomicInteger seen = new AtomicInteger();
      int limit = cancelAfterChunks;
      ctx.onChunk(
          chunk -> {
            if (seen.incrementAndGet() >= limit) {
              ctx.cancel();
            }
          });
    }
    return RunningTask.start(host.vertx(), ctx, task, host.grace(), cancelAfter);
  }
}
