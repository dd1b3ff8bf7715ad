package dev.switchboard.http;

import dev.switchboard.api.Principal;
import dev.switchboard.api.TaskException;
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
import java.util.Set;

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

  private static final Set<String> SUPPORTED =
      Set.of(
          "model",
          "messages",
          "stream",
          "stream_options",
          "stop",
          "max_tokens",
          "max_completion_tokens",
          "temperature",
          "top_p",
          "seed",
          "n",
          "tools",
          "tool_choice",
          "response_format",
          "user",
          "parallel_tool_calls",
          "store",
          "frequency_penalty",
          "presence_penalty",
          "logprobs",
          "plugin",
          "conversation_id",
          "top_k",
          "repetition_penalty",
          "metadata");

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
    JsonObject body = Bodies.object(ctx);
    for (String field : body.fieldNames()) {
      if (!SUPPORTED.contains(field)) {
        throw TaskException.invalid("'" + field + "' is not supported by /v1/chat/completions");
      }
    }
    rejectUnsupported(body);
    String model = Bodies.optString(body, "model");
    boolean stream = Bodies.optBoolean(body, "stream", false);
    JsonObject streamOptions = Bodies.optObject(body, "stream_options");
    boolean includeUsage =
        streamOptions != null && Bodies.optBoolean(streamOptions, "include_usage", false);
    if (streamOptions != null && !stream) {
      throw TaskException.invalid("'stream_options' is only allowed with \"stream\": true");
    }
    List<ToolSpec> tools = tools(body);
    Object toolChoice = body.getValue("tool_choice");
    if ("none".equals(toolChoice)) {
      tools = List.of();
    } else if (toolChoice != null && !"auto".equals(toolChoice)) {
      throw TaskException.invalid(
          "'tool_choice' supports \"auto\" and \"none\"; forcing a tool is not supported");
    }
    ChatRequest request =
        new ChatRequest(
            model,
            messages(body),
            params(body),
            tools,
            Bodies.optString(body, "conversation_id"),
            new JsonObject());
    String plugin = Bodies.optString(body, "plugin");
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

  private static void rejectUnsupported(JsonObject body) {
    Long n = Bodies.optLong(body, "n", 1, 128);
    if (n != null && n != 1) {
      throw TaskException.invalid("'n' must be 1; several choices per request are not supported");
    }
    for (String penalty : List.of("frequency_penalty", "presence_penalty")) {
      Object value = body.getValue(penalty);
      if (value != null && (!(value instanceof Number num) || num.doubleValue() != 0)) {
        throw TaskException.invalid("'" + penalty + "' is not supported (use repetition_penalty)");
      }
    }
    if (Boolean.TRUE.equals(body.getValue("logprobs"))) {
      throw TaskException.invalid("'logprobs' is not supported");
    }
    JsonObject format = Bodies.optObject(body, "response_format");
    if (format != null && !"text".equals(format.getValue("type"))) {
      throw TaskException.invalid(
          "'response_format' supports only {\"type\":\"text\"}; JSON modes are not supported");
    }
  }

  private static List<ChatMessage> messages(JsonObject body) {
    JsonArray raw = Bodies.optArray(body, "messages");
    if (raw == null || raw.isEmpty()) {
      throw TaskException.invalid("'messages' must hold at least one message");
    }
    List<ChatMessage> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      if (!(raw.getValue(i) instanceof JsonObject m)) {
        throw TaskException.invalid("'messages[" + i + "]' must be an object");
      }
      String role = Bodies.optString(m, "role");
      if ("developer".equals(role)) {
        role = "system";
      }
      List<ToolCall> calls = new ArrayList<>();
      JsonArray rawCalls = Bodies.optArray(m, "tool_calls");
      if (rawCalls != null) {
        for (int j = 0; j < rawCalls.size(); j++) {
          JsonObject call = rawCalls.getJsonObject(j);
          JsonObject function = call == null ? null : call.getJsonObject("function");
          if (function == null) {
            throw TaskException.invalid(
                "'messages[" + i + "].tool_calls[" + j + "]' needs a function");
          }
          calls.add(
              new ToolCall(
                  call.getString("id", "call_" + j),
                  function.getString("name"),
                  function.getString("arguments")));
        }
      }
      try {
        out.add(
            new ChatMessage(
                role,
                content(m.getValue("content"), i),
                calls,
                Bodies.optString(m, "tool_call_id")));
      } catch (TaskException e) {
        throw TaskException.invalid("'messages[" + i + "]': " + e.getMessage());
      }
    }
    return out;
  }

  /** A string, or OpenAI's array of content parts of which only text parts are supported. */
  private static String content(Object content, int index) {
    if (content == null || content instanceof String) {
      return (String) content;
    }
    if (content instanceof JsonArray parts) {
      StringBuilder text = new StringBuilder();
      for (int k = 0; k < parts.size(); k++) {
        JsonObject part = parts.getJsonObject(k);
        if (part == null || !"text".equals(part.getString("type"))) {
          throw TaskException.invalid("'messages[" + index + "].content' supports only text parts");
        }
        text.append(part.getString("text", ""));
      }
      return text.toString();
    }
    throw TaskException.invalid(
        "'messages[" + index + "].content' must be a string or an array of text parts");
  }

  private static GenerationParams params(JsonObject body) {
    Long maxTokens = Bodies.optLong(body, "max_completion_tokens", 1, 1_000_000);
    if (maxTokens == null) {
      maxTokens = Bodies.optLong(body, "max_tokens", 1, 1_000_000);
    }
    Object stop = body.getValue("stop");
    List<String> stops = new ArrayList<>();
    if (stop instanceof String s) {
      stops.add(s);
    } else if (stop instanceof JsonArray array) {
      if (array.size() > 4) {
        throw TaskException.invalid("'stop' takes at most 4 sequences");
      }
      for (int i = 0; i < array.size(); i++) {
        if (!(array.getValue(i) instanceof String s)) {
          throw TaskException.invalid("'stop[" + i + "]' must be a string");
        }
        stops.add(s);
      }
    } else if (stop != null) {
      throw TaskException.invalid("'stop' must be a string or an array of strings");
    }
    Long topK = Bodies.optLong(body, "top_k", 1, 100_000);
    return new GenerationParams(
        maxTokens == null ? null : maxTokens.intValue(),
        number(body, "temperature"),
        number(body, "top_p"),
        topK == null ? null : topK.intValue(),
        number(body, "repetition_penalty"),
        stops,
        Bodies.optLong(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE));
  }

  private static Double number(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n)) {
      throw TaskException.invalid("'" + field + "' must be a number");
    }
    return n.doubleValue();
  }

  private static List<ToolSpec> tools(JsonObject body) {
    JsonArray raw = Bodies.optArray(body, "tools");
    List<ToolSpec> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    for (int i = 0; i < raw.size(); i++) {
      JsonObject tool = raw.getJsonObject(i);
      if (tool == null
          || !"function".equals(tool.getString("type"))
          || tool.getJsonObject("function") == null) {
        throw TaskException.invalid(
            "'tools[" + i + "]' must be {\"type\":\"function\",\"function\":{...}}");
      }
      JsonObject f = tool.getJsonObject("function");
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
