package dev.switchboard.api.agent;

import dev.switchboard.api.ApiStatus;
import java.util.Objects;

/**
 * A guard's decision.
 *
 * @param action allow, redact or block
 * @param replacement for {@link Action#REDACT}, the text to use instead; otherwise null
 * @param reason for {@link Action#BLOCK} and {@link Action#REDACT}, why; shown to the caller
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public record GuardVerdict(Action action, String replacement, String reason) {

  /** What a guard decided. */
  public enum Action {
    /** Let the text through unchanged. */
    ALLOW,
    /** Replace the text. */
    REDACT,
    /** Stop the task. */
    BLOCK
  }

  /** Let it through. */
  public static final GuardVerdict ALLOW = new GuardVerdict(Action.ALLOW, null, null);

  /**
   * Validates the fields.
   *
   * @param action the action
   * @param replacement the replacement
   * @param reason the reason
   */
  public GuardVerdict {
    Objects.requireNonNull(action, "action");
    if (action == Action.REDACT && replacement == null) {
      throw new IllegalArgumentException("a redaction needs a replacement");
    }
  }

  /**
   * Blocks with a reason.
   *
   * @param reason why, shown to the caller
   * @return the verdict
   */
  public static GuardVerdict block(String reason) {
    return new GuardVerdict(Action.BLOCK, null, reason);
  }

  /**
   * Replaces the text.
   *
   * @param replacement the text to use instead
   * @param reason why
   * @return the verdict
   */
  public static GuardVerdict redact(String replacement, String reason) {
    return new GuardVerdict(Action.REDACT, replacement, reason);
  }
}
