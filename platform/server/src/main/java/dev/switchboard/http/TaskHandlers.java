package dev.switchboard.http;

import dev.switchboard.api.Principal;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.TaskType;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.routing.Addresses;
import dev.switchboard.routing.TaskEnvelope;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The task endpoints of the native API: the generic {@code POST /api/v1/tasks/{task}} (any task,
 * optional explicit plugin, model and stream) and the task-specific shortcuts {@code classify},
 * {@code retrieve} and collection ingest.
 */
final class TaskHandlers {

  private final TaskGateway gateway;
  private final ChatTurns chatTurns;
  private final Duration defaultTimeout;

  TaskHandlers(TaskGateway gateway, ChatTurns chatTurns, Duration defaultTimeout) {
    this.gateway = gateway;
    this.chatTurns = chatTurns;
    this.defaultTimeout = defaultTimeout;
  }

  void mount(Router router) {
    router.post("/api/v1/tasks/:task").handler(this::task);
    router.post("/api/v1/classify").handler(this::classify);
    router.post("/api/v1/retrieve").handler(this::retrieve);
    router.post("/api/v1/collections/:name/documents").handler(this::ingest);
  }

  /** {@code {plugin?, extension?, model?, input, stream?, timeoutMs?, conversationId?}}. */
  private void task(RoutingContext ctx) {
    String name = ctx.pathParam("task");
    TaskType task =
        TaskType.fromWireName(name)
            .orElseThrow(
                () ->
                    TaskException.notFound(
                        "unknown task '" + name + "'; tasks are chat, classify, retrieve"));
    JsonObject body = Bodies.object(ctx);
    String plugin = body.getString("plugin");
    String extension = body.getString("extension");
    String model = body.getString("model");
    String conversationId = body.getString("conversationId");
    Long timeoutMs = body.getLong("timeoutMs");
    boolean stream = body.getBoolean("stream", false);
    JsonObject validated = TaskInputs.validate(task, body.getJsonObject("input"));
    if (task == TaskType.CHAT) {
      ChatRequest parsed = ChatRequest.fromJson(validated);
      ChatRequest request =
          conversationId == null || parsed.conversationId() != null
              ? parsed
              : new ChatRequest(
                  parsed.model(),
                  parsed.messages(),
                  parsed.params(),
                  parsed.tools(),
                  conversationId,
                  parsed.extra());
      Principal principal = ctx.get(Principals.KEY, Principal.ANONYMOUS);
      Function<ChatTurns.Routed, TaskEnvelope> routed =
          r ->
              envelope(
                  ctx,
                  task,
                  plugin,
                  extension,
                  model,
                  r.input(),
                  r.conversationId(),
                  timeoutMs,
                  stream);
      if (stream) {
        streamSse(
            ctx,
            onChunk ->
                chatTurns.run(request, principal, routed, onChunk).map(TaskHandlers::turnJson));
      } else {
        respond(ctx, chatTurns.run(request, principal, routed, null).map(TaskHandlers::turnJson));
      }
      return;
    }
    TaskEnvelope envelope =
        envelope(ctx, task, plugin, extension, model, validated, conversationId, timeoutMs, stream);
    if (stream) {
      streamSse(ctx, onChunk -> gateway.stream(envelope, onChunk).map(TaskGateway.Outcome::result));
    } else {
      respond(ctx, gateway.submit(envelope).map(TaskGateway.Outcome::result));
    }
  }

  /** The chat result with where it was stored, for follow-up turns and feedback. */
  private static JsonObject turnJson(ChatTurns.Turn turn) {
    return turn.result()
        .copy()
        .put("conversationId", turn.conversationId())
        .put("messageId", turn.messageId());
  }

  /**
   * {@code {"classifier":"..","input":"text"}} or {@code "inputs":[..]} → {@code {"results":[..]}}.
   */
  private void classify(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    JsonArray inputs = body.getJsonArray("inputs");
    JsonObject input =
        new JsonObject()
            .put("classifier", body.getString("classifier"))
            .put("inputs", inputs != null ? inputs : new JsonArray().add(body.getString("input")))
            .put("params", body.getJsonObject("params"));
    TaskEnvelope envelope =
        envelope(
            ctx,
            TaskType.CLASSIFY,
            body.getString("plugin"),
            null,
            body.getString("model"),
            TaskInputs.validate(TaskType.CLASSIFY, input),
            null,
            body.getLong("timeoutMs"),
            false);
    respond(ctx, gateway.submit(envelope).map(TaskGateway.Outcome::result));
  }

  /** {@code {"collection","query","topK","filter"}} → {@code {"results":[..]}}. */
  private void retrieve(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    JsonObject input = body.copy();
    input.remove("plugin");
    input.remove("timeoutMs");
    TaskEnvelope envelope =
        envelope(
            ctx,
            TaskType.RETRIEVE,
            body.getString("plugin"),
            null,
            null,
            TaskInputs.validate(TaskType.RETRIEVE, input),
            null,
            body.getLong("timeoutMs"),
            false);
    respond(ctx, gateway.submit(envelope).map(TaskGateway.Outcome::result));
  }

  /** {@code {"documents":[{id,text,metadata}]}} into collection {@code name}. */
  private void ingest(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    respond(
        ctx,
        submitIngest(
            ctx,
            ctx.pathParam("name"),
            body.getJsonArray("documents"),
            body.getString("plugin"),
            body.getLong("timeoutMs")));
  }

  /** Routes an ingest of JSON documents to the retriever; JSON bodies and file uploads share it. */
  Future<JsonObject> submitIngest(
      RoutingContext ctx, String collection, JsonArray documents, String plugin, Long timeoutMs) {
    JsonObject input =
        new JsonObject()
            .put("op", "ingest")
            .put("collection", collection)
            .put("documents", documents);
    TaskEnvelope envelope =
        envelope(
            ctx,
            TaskType.RETRIEVE,
            plugin,
            null,
            null,
            TaskInputs.validate(TaskType.RETRIEVE, input),
            null,
            timeoutMs,
            false);
    return gateway.submit(envelope).map(TaskGateway.Outcome::result);
  }

  private TaskEnvelope envelope(
      RoutingContext ctx,
      TaskType task,
      String plugin,
      String extension,
      String model,
      JsonObject input,
      String conversationId,
      Long timeoutMs,
      boolean stream) {
    String id = RequestIds.of(ctx);
    Principal principal = ctx.get(Principals.KEY, Principal.ANONYMOUS);
    Instant deadline =
        Instant.now().plusMillis(timeoutMs != null ? timeoutMs : defaultTimeout.toMillis());
    return new TaskEnvelope(
        id,
        task,
        plugin,
        extension,
        model,
        input,
        principal,
        conversationId,
        deadline,
        stream ? Addresses.stream(id) : null,
        false);
  }

  static void respond(RoutingContext ctx, Future<JsonObject> result) {
    result.onComplete(
        ar -> {
          if (ar.succeeded()) {
            ctx.response()
                .putHeader("content-type", "application/json")
                .end(ar.result().toBuffer());
          } else {
            ctx.fail(ar.cause());
          }
        });
  }

  /**
   * Server-sent events: one {@code data:} per chunk, an {@code event: result} with the final
   * answer, then {@code data: [DONE]}. Headers wait for the first chunk, so a request that fails
   * before streaming gets a plain error response with its proper status. A client that disconnects
   * cancels the request.
   */
  private void streamSse(
      RoutingContext ctx, Function<Consumer<JsonObject>, Future<JsonObject>> start) {
    String requestId = RequestIds.of(ctx);
    HttpServerResponse response = ctx.response();
    response.closeHandler(v -> gateway.cancel(requestId));
    start
        .apply(
            chunk -> {
              if (!response.closed()) {
                startSse(response);
                response.write("data: " + chunk.encode() + "\n\n");
              }
            })
        .onComplete(
            ar -> {
              if (response.closed()) {
                return;
              }
              if (ar.failed() && !response.headWritten()) {
                ctx.fail(ar.cause());
                return;
              }
              startSse(response);
              if (ar.succeeded()) {
                response.write("event: result\ndata: " + ar.result().encode() + "\n\n");
              } else {
                TaskException error = ApiErrors.toTaskException(ar.cause(), 0);
                response.write(
                    "event: error\ndata: " + ApiErrors.body(error, requestId).encode() + "\n\n");
              }
              response.end("data: [DONE]\n\n");
            });
  }

  /** Sends the event-stream headers once, before the first event; later calls do nothing. */
  static void startSse(HttpServerResponse response) {
    if (!response.headWritten()) {
      response
          .setChunked(true)
          .putHeader("content-type", "text/event-stream")
          .putHeader("cache-control", "no-cache")
          .putHeader("x-accel-buffering", "no");
    }
  }
}
