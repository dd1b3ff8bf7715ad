package dev.switchboard.testkit.models;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.chat.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One scripted answer of a {@link FakeChatModel}: text to stream and, optionally, tool calls to
 * make after it. Tool calls are not streamed; they end the generation with finish reason {@code
 * tool_calls}, as a real model's do.
 *
 * @param text the text, streamed word by word, never null
 * @param toolCalls the calls, never null
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public record FakeReply(String text, List<ToolCall> toolCalls) {

  /**
   * Validates the fields.
   *
   * @param text the text
   * @param toolCalls the calls
   */
  public FakeReply {
    Objects.requireNonNull(text, "text");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /**
   * A text-only answer.
   *
   * @param text the text
   * @return the reply
   */
  public static FakeReply text(String text) {
    return new FakeReply(text, List.of());
  }

  /**
   * An answer that calls one tool, with id {@code call_0}.
   *
   * @param name the tool name
   * @param arguments the arguments as JSON text
   * @return the reply
   */
  public static FakeReply toolCall(String name, String arguments) {
    return new FakeReply("", List.of(new ToolCall("call_0", name, arguments)));
  }

  /**
   * The same reply with one more tool call, numbered after the others.
   *
   * @param name the tool name
   * @param arguments the arguments as JSON text
   * @return a new reply
   */
  public FakeReply andToolCall(String name, String arguments) {
    List<ToolCall> calls = new ArrayList<>(toolCalls);
    calls.add(new ToolCall("call_" + calls.size(), name, arguments));
    return new FakeReply(text, calls);
  }
}
