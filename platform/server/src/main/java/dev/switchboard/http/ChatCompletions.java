package dev.switchboard.http;

import dev.switchboard.api.Principal;
import dev.switchboard.api.TaskType;
import dev.switchboard.api.agent.ToolSpec;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.api.chat.GenerationParams;
import dev.switchboard.api.chat.ToolCall;
import dev.switchboard.routing.Addresses;
import dev.switchboard.routing.TaskEnvelope;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/chat/completions}, the OpenAI chat API over the chat task: the request maps onto
 * a {@link ChatRequest} routed like any other (the default chat route unless {@code plugin} names
 * one), the answer and its stream onto OpenAI's shapes. Anything the platform cannot honour is a
 * 400 that says so. Extensions: {@code plugin}, {@code conversation_id} (continue a stored
 * conversation: send only the new messages), {@code top_k}, {@code repetition_penalty}; responses
 * carry {@code conversation_id} and {@code message_id} (for feedback), and RAG answers their {@code
 * citations} (in the final chunk when streamed; the first chunk carries {@code conversation_id} as
 * well).
 */
final class ChatCompletions {

  private final ChatTurns turns;
  private final TaskGateway gateway;
  private final Duration timeout;

  ChatCompletions(ChatTurns turns, TaskGateway gateway, Duration timeout) {
    this.turns = turns;
    this.gateway = gateway;
    this.timeout = timeout;
  }

  void mount(Router router) {
    router.post("/v1/chat/completions").handler(this::complete);
  }

  private void complete(RoutingContext ctx) {
    // The spec has checked every field's type and range; what is left are the values we refuse.
    JsonObject body = OpenAiHandlers.withoutNulls(Bodies.object(ctx));
    rejectUnsupported(body);
    String model = body.getString("model");
    boolean stream = body.getBoolean("stream", false);
    JsonObject streamOptions = body.getJsonObject("stream_options");
    boolean includeUsage =
        streamOptions != null && streamOptions.getBoolean("include_usage", false);
    if (streamOptions != null && !stream) {
      throw new FieldError(
          "stream_options", "'stream_options' is only allowed with \"stream\": true");
    }
    List<ToolSpec> tools = tools(body);
    Object toolChoice = body.getValue("tool_choice");
    if ("none".equals(toolChoice)) {
      tools = List.of();
    } else if (toolChoice != null && !"auto".equals(toolChoice)) {
      throw new FieldError(
          "tool_choice",
          "'tool_choice' supports \"auto\" and \"none\"; forcing a tool is not supported");
    }
    ChatRequest request =
        new ChatRequest(
            model,
            messages(body),
            params(body),
            tools,
            body.getString("conversation_id"),
            new JsonObject());
    String plugin = body.getString("plugin");
    String requestId = RequestIds.of(ctx);
    Principal principal = ctx.get(Principals.KEY, Principal.ANONYMOUS);
    String completionId = "chatcmpl-" + requestId;
    long created = System.currentTimeMillis() / 1000;
    String[] conversation = {null};
    java.util.function.Function<ChatTurns.Routed, TaskEnvelope> envelope =
        routed -> {
          conversation[0] = routed.conversationId();
          return new TaskEnvelope(
              requestId,
              TaskType.CHAT,
              plugin,
              null,
              model,
              routed.input(),
              principal,
              routed.conversationId(),
              Instant.now().plus(timeout),
              stream ? Addresses.stream(requestId) : null,
              false);
        };
    if (!stream) {
      TaskHandlers.respond(
          ctx,
          turns
              .run(request, principal, envelope, null)
              .map(t -> completion(t, completionId, created)));
      return;
    }
    HttpServerResponse response = ctx.response();
    response.closeHandler(v -> gateway.cancel(requestId));
    boolean[] started = {false};
    turns
        .run(
            request,
            principal,
            envelope,
            chunk -> {
              if (response.closed()) {
                return;
              }
              if (!started[0]) {
                started[0] = true;
                TaskHandlers.startSse(response);
                // The conversation id comes first too, so a client that stops the stream early
                // can still continue the conversation.
                write(
                    response,
                    chunkJson(
                            completionId,
                            created,
                            model,
                            new JsonObject().put("role", "assistant").put("content", ""),
                            null)
                        .put("conversation_id", conversation[0]));
              }
              String delta = chunk.getString("delta", "");
              if (!delta.isEmpty()) {
                write(
                    response,
                    chunkJson(
                        completionId,
                        created,
                        model,
                        new JsonObject().put("content", delta),
                        null));
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
              TaskHandlers.startSse(response);
              if (ar.failed()) {
                write(
                    response, ApiErrors.body(ApiErrors.toTaskException(ar.cause(), 0), requestId));
              } else {
                ChatTurns.Turn turn = ar.result();
                ChatResult result = ChatResult.fromJson(turn.result());
                String modelName = result.model() != null ? result.model() : model;
                if (!started[0]) {
                  write(
                      response,
                      chunkJson(
                          completionId,
                          created,
                          modelName,
                          new JsonObject().put("role", "assistant").put("content", ""),
                          null));
                }
                JsonObject last = new JsonObject();
                if (!result.message().toolCalls().isEmpty()) {
                  last.put("tool_calls", toolCalls(result.message().toolCalls(), true));
                }
                JsonObject finish =
                    chunkJson(completionId, created, modelName, last, finishReason(result));
                finish
                    .put("conversation_id", turn.conversationId())
                    .put("message_id", turn.messageId());
                if (result.metadata().containsKey("citations")) {
                  finish.put("citations", result.metadata().getValue("citations"));
                }
                write(response, finish);
                if (includeUsage) {
                  write(
                      response,
                      new JsonObject()
                          .put("id", completionId)
                          .put("object", "chat.completion.chunk")
                          .put("created", created)
                          .put("model", modelName)
                          .put("choices", new JsonArray())
                          .put("usage", usage(result)));
                }
              }
              response.end("data: [DONE]\n\n");
            });
  }

  /** Parameters OpenAI has and the platform cannot honour: a clear 400, never silently ignored. */
  private static void rejectUnsupported(JsonObject body) {
    if (body.getInteger("n", 1) != 1) {
      throw new FieldError("n", "'n' must be 1; several choices per request are not supported");
    }
    for (String penalty : List.of("frequency_penalty", "presence_penalty")) {
      if (body.getDouble(penalty, 0.0) != 0) {
        throw new FieldError(
            penalty, "'" + penalty + "' is not supported (use repetition_penalty)");
      }
    }
    if (body.getBoolean("logprobs", false)) {
      throw new FieldError("logprobs", "'logprobs' is not supported");
    }
    JsonObject format = body.getJsonObject("response_format");
    if (format != null && !"text".equals(format.getString("type"))) {
      throw new FieldError(
          "response_format",
          "'response_format' supports only {\"type\":\"text\"}; JSON modes are not supported");
    }
  }

  private static List<ChatMessage> messages(JsonObject body) {
    JsonArray raw = body.getJsonArray("messages");
    List<ChatMessage> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      JsonObject m = raw.getJsonObject(i);
      String role = m.getString("role");
      List<ToolCall> calls = new ArrayList<>();
      JsonArray rawCalls =
          m.getJsonArray("tool_calls") == null ? new JsonArray() : m.getJsonArray("tool_calls");
      for (int j = 0; j < rawCalls.size(); j++) {
        JsonObject call = rawCalls.getJsonObject(j);
        JsonObject function = call.getJsonObject("function");
        calls.add(
            new ToolCall(
                call.getString("id", "call_" + j),
                function.getString("name"),
                function.getString("arguments")));
      }
      out.add(
          new ChatMessage(
              "developer".equals(role) ? "system" : role,
              content(m.getValue("content"), i),
              calls,
              m.getString("tool_call_id")));
    }
    return out;
  }

  /** A string, or OpenAI's array of content parts of which only text parts are supported. */
  private static String content(Object content, int index) {
    if (!(content instanceof JsonArray parts)) {
      return (String) content;
    }
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < parts.size(); k++) {
      JsonObject part = parts.getJsonObject(k);
      if (!"text".equals(part.getString("type"))) {
        throw new FieldError(
            "messages[" + index + "].content[" + k + "].type",
            "'messages[" + index + "].content' supports only text parts");
      }
      text.append(part.getString("text", ""));
    }
    return text.toString();
  }

  private static GenerationParams params(JsonObject body) {
    Integer maxTokens = body.getInteger("max_completion_tokens", body.getInteger("max_tokens"));
    Object stop = body.getValue("stop");
    List<String> stops = new ArrayList<>();
    if (stop instanceof String s) {
      stops.add(s);
    } else if (stop instanceof JsonArray array) {
      array.forEach(s -> stops.add((String) s));
    }
    return new GenerationParams(
        maxTokens,
        body.getDouble("temperature"),
        body.getDouble("top_p"),
        body.getInteger("top_k"),
        body.getDouble("repetition_penalty"),
        stops,
        body.getLong("seed"));
  }

  private static List<ToolSpec> tools(JsonObject body) {
    List<ToolSpec> out = new ArrayList<>();
    for (Object raw : body.getJsonArray("tools", new JsonArray())) {
      JsonObject f = ((JsonObject) raw).getJsonObject("function");
      out.add(
          new ToolSpec(
              f.getString("name"), f.getString("description"), f.getJsonObject("parameters")));
    }
    return out;
  }

  private static JsonObject completion(ChatTurns.Turn turn, String id, long created) {
    ChatResult result = ChatResult.fromJson(turn.result());
    JsonObject message =
        new JsonObject().put("role", "assistant").put("content", result.message().content());
    if (!result.message().toolCalls().isEmpty()) {
      message.put("tool_calls", toolCalls(result.message().toolCalls(), false));
    }
    JsonObject out =
        new JsonObject()
            .put("id", id)
            .put("object", "chat.completion")
            .put("created", created)
            .put("model", result.model())
            .put(
                "choices",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("index", 0)
                            .put("message", message)
                            .put("finish_reason", finishReason(result))
                            .putNull("logprobs")))
            .put("usage", usage(result))
            .put("conversation_id", turn.conversationId())
            .put("message_id", turn.messageId());
    if (result.metadata().containsKey("citations")) {
      out.put("citations", result.metadata().getValue("citations"));
    }
    return out;
  }

  private static JsonArray toolCalls(List<ToolCall> calls, boolean indexed) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < calls.size(); i++) {
      ToolCall call = calls.get(i);
      JsonObject json =
          new JsonObject()
              .put("id", call.id())
              .put("type", "function")
              .put(
                  "function",
                  new JsonObject().put("name", call.name()).put("arguments", call.arguments()));
      if (indexed) {
        json.put("index", i);
      }
      out.add(json);
    }
    return out;
  }

  /** OpenAI's finish reasons; a cancelled generation reports as a stop. */
  private static String finishReason(ChatResult result) {
    return switch (result.finishReason()) {
      case "length", "tool_calls", "content_filter" -> result.finishReason();
      default -> "stop";
    };
  }

  private static JsonObject usage(ChatResult result) {
    return new JsonObject()
        .put("prompt_tokens", result.usage().promptTokens())
        .put("completion_tokens", result.usage().completionTokens())
        .put("total_tokens", result.usage().totalTokens());
  }

  private static JsonObject chunkJson(
      String id, long created, String model, JsonObject delta, String finish) {
    return new JsonObject()
        .put("id", id)
        .put("object", "chat.completion.chunk")
        .put("created", created)
        .put("model", model)
        .put(
            "choices",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("index", 0)
                        .put("delta", delta)
                        .put("finish_reason", finish)));
  }

  private static void write(HttpServerResponse response, JsonObject json) {
    response.write("data: " + json.encode() + "\n\n");
  }
}
