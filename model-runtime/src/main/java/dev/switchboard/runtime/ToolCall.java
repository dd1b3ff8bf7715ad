package dev.switchboard.runtime;

import java.util.Objects;

/**
 * A function call the model asked for (or, in a history message, made earlier).
 *
 * @param id call id, unique within one reply (generated: {@code call_0}, {@code call_1}, ...)
 * @param name function name
 * @param arguments arguments as a JSON object text
 */
public record ToolCall(String id, String name, String arguments) {
  /** Validates the parts. */
  public ToolCall {
    Objects.requireNonNull(name, "name");
    arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
  }
}
