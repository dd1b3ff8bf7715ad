package dev.switchboard.runtime;

import java.util.List;
import java.util.Objects;

/**
 * One chat message handed to a chat template.
 *
 * @param role system, user, assistant or tool
 * @param content message text, never null (may be empty for an assistant turn that only calls
 *     tools)
 * @param toolCalls calls an assistant turn made, else empty
 */
public record Msg(String role, String content, List<ToolCall> toolCalls) {
  /** Validates that neither role nor content is null. */
  public Msg {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /** A message without tool calls. */
  public Msg(String role, String content) {
    this(role, content, List.of());
  }

  /** A tool result message (role {@code tool}). */
  public static Msg tool(String content) {
    return new Msg("tool", content);
  }

  /** A system message. */
  public static Msg system(String content) {
    return new Msg("system", content);
  }

  /** A user message. */
  public static Msg user(String content) {
    return new Msg("user", content);
  }

  /** An assistant message. */
  public static Msg assistant(String content) {
    return new Msg("assistant", content);
  }
}
