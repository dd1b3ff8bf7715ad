package dev.switchboard.models;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.agent.ToolSpec;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.api.chat.GenerationParams;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.runtime.FinishReason;
import dev.switchboard.runtime.GenerationOutcome;
import dev.switchboard.runtime.Msg;
import dev.switchboard.runtime.QueueFullException;
import dev.switchboard.runtime.SamplingParams;
import dev.switchboard.runtime.ToolCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/** Maps between the plugin API's records and the model runtime's. */
final class Conversions {

  private Conversions() {}

  /** Messages for the chat template; an assistant's tool calls and tool results included. */
  static List<Msg> messages(List<ChatMessage> messages) {
    List<Msg> out = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      List<ToolCall> calls = new ArrayList<>(m.toolCalls().size());
      for (dev.switchboard.api.chat.ToolCall c : m.toolCalls()) {
        calls.add(new ToolCall(c.id(), c.name(), c.arguments()));
      }
      out.add(new Msg(m.role(), m.content(), calls));
    }
    return out;
  }

  /**
   * Tools as the OpenAI-style function maps chat templates render, in plain Java values so the
   * template's {@code tojson} prints them as JSON.
   */
  static List<Map<String, Object>> tools(List<ToolSpec> tools) {
    List<Map<String, Object>> out = new ArrayList<>(tools.size());
    for (ToolSpec t : tools) {
      Map<String, Object> fn = new LinkedHashMap<>();
      fn.put("name", t.name());
      if (!t.description().isEmpty()) {
        fn.put("description", t.description());
      }
      fn.put("parameters", plain(t.parameters()));
      Map<String, Object> tool = new LinkedHashMap<>();
      tool.put("type", "function");
      tool.put("function", fn);
      out.add(tool);
    }
    return out;
  }

  private static Object plain(Object value) {
    if (value instanceof JsonObject o) {
      Map<String, Object> map = new LinkedHashMap<>();
      o.forEach(e -> map.put(e.getKey(), plain(e.getValue())));
      return map;
    }
    if (value instanceof JsonArray a) {
      List<Object> list = new ArrayList<>(a.size());
      a.forEach(v -> list.add(plain(v)));
      return list;
    }
    return value;
  }

  /**
   * The runtime's outcome as a chat result. Tool calls finish with {@code tool_calls}, as OpenAI
   * reports them. The runtime numbers calls per reply ({@code call_0}, ...); a random tag makes the
   * ids unique across the turns of a conversation, where a client matches results to calls.
   */
  static ChatResult result(String model, GenerationOutcome outcome) {
    List<dev.switchboard.api.chat.ToolCall> calls = new ArrayList<>();
    String tag = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    for (ToolCall c : outcome.toolCalls()) {
      calls.add(
          new dev.switchboard.api.chat.ToolCall(
              "call_" + tag + "_" + calls.size(), c.name(), c.arguments()));
    }
    boolean called = !calls.isEmpty() && outcome.finishReason() != FinishReason.CANCELLED;
    return new ChatResult(
        new ChatMessage("assistant", outcome.text(), called ? calls : List.of(), null),
        model,
        called ? "tool_calls" : outcome.finishReason().wire(),
        new Usage(outcome.promptTokens(), outcome.completionTokens()),
        null);
  }

  static SamplingParams sampling(GenerationParams p) {
    return new SamplingParams(
        p.maxTokens(),
        p.temperature(),
        p.topK(),
        p.topP(),
        p.repetitionPenalty(),
        p.stop(),
        p.seed());
  }

  /** Runtime failures as the error model: a full queue is a retryable 429. */
  static Throwable failure(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof TaskException) {
      return cause;
    }
    if (cause instanceof QueueFullException q) {
      return new TaskException(ErrorCode.RATE_LIMITED, q.getMessage(), q);
    }
    if (cause instanceof IllegalArgumentException) {
      return TaskException.invalid(cause.getMessage());
    }
    return new TaskException(ErrorCode.INTERNAL, "model failure: " + cause.getMessage(), cause);
  }
}
