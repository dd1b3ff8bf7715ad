package dev.switchboard.plugins;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.Json;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.TaskExtension;
import dev.switchboard.api.TaskType;
import dev.switchboard.api.chat.ChatHandler;
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
import dev.switchboard.routing.Addresses;
import dev.switchboard.routing.TaskEnvelope;
import dev.switchboard.routing.TaskFailures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host-owned event-bus endpoint of one started plugin: a consumer at {@code
 * sb.plugin.<id>.<task>} for each task it serves, turning envelopes into extension calls and
 * results into replies. A plugin that throws, fails or hangs costs only its own request. Stopping
 * unregisters the consumers first, then waits (bounded) for in-flight requests to finish.
 */
final class PluginEndpoint extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PluginEndpoint.class);

  private final String pluginId;
  private final LoadedExtensions extensions;
  private final JsonObject config;
  private final HostServices services;
  private final HostTools tools;
  private final MeterRegistry registry;
  private final Duration drainTimeout;
  private final Logger pluginLog;
  private final MeterPluginMetrics metrics;
  private final Set<String> threadEndpoints;
  private final List<MessageConsumer<TaskEnvelope>> consumers = new ArrayList<>();
  private final List<String> threadAddresses = new ArrayList<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private int inFlight;
  private Promise<Void> drained;

  PluginEndpoint(
      String pluginId,
      LoadedExtensions extensions,
      JsonObject config,
      HostServices services,
      HostTools tools,
      MeterRegistry registry,
      Duration drainTimeout,
      Set<String> threadEndpoints) {
    this.pluginId = pluginId;
    this.threadEndpoints = threadEndpoints;
    this.extensions = extensions;
    this.config = config;
    this.services = services;
    this.tools = tools;
    this.registry = registry;
    this.drainTimeout = drainTimeout;
    this.pluginLog = LoggerFactory.getLogger("plugin." + pluginId);
    this.metrics = new MeterPluginMetrics(registry, pluginId);
  }

  @Override
  public Future<?> start() {
    List<Future<Void>> registered = new ArrayList<>();
    for (TaskType task : TaskType.values()) {
      if (!extensions.forTask(task).isEmpty()) {
        MessageConsumer<TaskEnvelope> shared =
            vertx.eventBus().consumer(Addresses.plugin(pluginId, task), this::handle);
        // start() runs on this endpoint's event loop, so this is the thread it serves on.
        String onThread = Addresses.pluginOnThread(pluginId, task, Thread.currentThread());
        MessageConsumer<TaskEnvelope> local =
            vertx.eventBus().localConsumer(onThread, this::handle);
        consumers.add(shared);
        consumers.add(local);
        registered.add(shared.completion());
        registered.add(local.completion().onSuccess(v -> threadEndpoints.add(onThread)));
        threadAddresses.add(onThread);
      }
    }
    return Future.all(registered);
  }

  @Override
  public Future<?> stop() {
    threadAddresses.forEach(threadEndpoints::remove);
    threadAddresses.clear();
    List<Future<Void>> unregistered = new ArrayList<>();
    consumers.forEach(c -> unregistered.add(c.unregister()));
    consumers.clear();
    return Future.all(unregistered).transform(ignored -> awaitDrained());
  }

  private Future<Void> awaitDrained() {
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    drained = Promise.promise();
    long timer =
        vertx.setTimer(
            drainTimeout.toMillis(),
            id -> {
              LOG.atWarn()
                  .addKeyValue("plugin", pluginId)
                  .addKeyValue("inFlight", inFlight)
                  .log("drain timed out; unloading with requests still running");
              drained.tryComplete();
            });
    return drained.future().andThen(ar -> vertx.cancelTimer(timer));
  }

  private void handle(Message<TaskEnvelope> message) {
    TaskEnvelope envelope = message.body();
    long remaining = envelope.remainingMillis();
    if (remaining <= 0) {
      TaskFailures.fail(
          message, new TaskException(ErrorCode.DEADLINE_EXCEEDED, "the request's deadline passed"));
      return;
    }
    boolean cancellable = envelope.streamAddress() != null || envelope.task() == TaskType.CHAT;
    HostTaskContext ctx =
        new HostTaskContext(
            vertx, envelope, configForRequest(), services, tools, pluginLog, metrics, cancellable);
    inFlight++;
    long start = System.nanoTime();
    Future<JsonObject> result;
    try {
      result = invoke(envelope, ctx);
    } catch (Throwable t) {
      result = Future.failedFuture(t);
    }
    result
        .timeout(remaining, TimeUnit.MILLISECONDS)
        .onComplete(
            ar -> {
              ctx.close();
              String outcome;
              if (ar.succeeded()) {
                message.reply(ar.result());
                outcome = "ok";
              } else {
                TaskException error = toTaskException(envelope, ar.cause());
                if (error.code() == ErrorCode.DEADLINE_EXCEEDED) {
                  ctx.cancel();
                }
                TaskFailures.fail(message, error);
                outcome = error.code().wireName();
              }
              timer(envelope.task(), outcome)
                  .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
              inFlight--;
              if (inFlight == 0 && drained != null) {
                drained.tryComplete();
              }
            });
  }

  /** The request timer of a task and outcome, looked up once rather than on every request. */
  private Timer timer(TaskType task, String outcome) {
    return timers.computeIfAbsent(
        task.wireName() + '/' + outcome,
        key ->
            Timer.builder("switchboard_plugin_requests")
                .tags("plugin", pluginId, "task", task.wireName(), "outcome", outcome)
                .register(registry));
  }

  private Future<JsonObject> invoke(TaskEnvelope envelope, HostTaskContext ctx) {
    TaskExtension extension = pick(envelope);
    JsonObject input = envelope.input();
    switch (envelope.task()) {
      case CHAT -> {
        ChatRequest request = ChatRequest.fromJson(input);
        if (envelope.model() != null && request.model() == null) {
          request =
              new ChatRequest(
                  envelope.model(),
                  request.messages(),
                  request.params(),
                  request.tools(),
                  request.conversationId(),
                  request.extra());
        }
        return nonNull(((ChatHandler) extension).chat(request, ctx)).map(ChatResult::toJson);
      }
      case CLASSIFY -> {
        ClassifyRequest request = ClassifyRequest.fromJson(input);
        return nonNull(((Classifier) extension).classify(request, ctx))
            .map(
                results -> {
                  if (results == null || results.size() != request.inputs().size()) {
                    throw new IllegalStateException(
                        "classifier returned a result count unequal to the input count");
                  }
                  return new JsonObject()
                      .put("results", Json.array(results, Classification::toJson));
                });
      }
      case RETRIEVE -> {
        Retriever retriever = (Retriever) extension;
        if ("ingest".equals(input.getString("op"))) {
          return nonNull(retriever.ingest(IngestRequest.fromJson(input), ctx))
              .map(IngestResult::toJson);
        }
        return nonNull(retriever.retrieve(RetrieveRequest.fromJson(input), ctx))
            .map(
                chunks ->
                    new JsonObject().put("results", Json.array(chunks, RetrievedChunk::toJson)));
      }
      default -> throw new IllegalStateException("unhandled task " + envelope.task());
    }
  }

  /** Each request gets its own copy, so a plugin that writes to it cannot leak into others. */
  private JsonObject configForRequest() {
    return config.isEmpty() ? new JsonObject() : config.copy();
  }

  private TaskExtension pick(TaskEnvelope envelope) {
    List<TaskExtension> candidates = extensions.forTask(envelope.task());
    if (envelope.extension() == null) {
      return candidates.get(0);
    }
    for (TaskExtension candidate : candidates) {
      if (envelope.extension().equals(LoadedExtensions.safeName(candidate))) {
        return candidate;
      }
    }
    throw TaskException.notFound(
        "plugin "
            + pluginId
            + " has no "
            + envelope.task().wireName()
            + " extension named "
            + envelope.extension());
  }

  private static <T> Future<T> nonNull(Future<T> future) {
    return future == null
        ? Future.failedFuture(new IllegalStateException("extension returned no future"))
        : future;
  }

  private TaskException toTaskException(TaskEnvelope envelope, Throwable failure) {
    if (failure instanceof TaskException e) {
      return e;
    }
    if (failure instanceof TimeoutException) {
      return new TaskException(
          ErrorCode.DEADLINE_EXCEEDED,
          "plugin " + pluginId + " did not answer before the deadline");
    }
    LOG.atError()
        .addKeyValue("plugin", pluginId)
        .addKeyValue("requestId", envelope.id())
        .setCause(failure)
        .log("plugin failed while serving a request");
    return new TaskException(
        ErrorCode.INTERNAL, "plugin " + pluginId + " failed while serving the request");
  }
}
