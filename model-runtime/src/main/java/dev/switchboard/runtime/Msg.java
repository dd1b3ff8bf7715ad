package dev.switchboard.runtime;

import java.util.Objects;

/**
 * One chat message handed to a chat template.
 *
 * @param role system, user, assistant or tool
 * @param content message text, never null
 */
public record Msg(String role, String content) {
  /** Validates that neither part is null. */
  public Msg {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
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
