package dev.switchboard.api.agent;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.TaskType;
import java.util.Objects;

/**
 * What a guard checks.
 *
 * @param stage whether this is the task's input or its output
 * @param task the task type
 * @param text the text to check
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public record GuardInput(Stage stage, TaskType task, String text) {

  /** When a guard runs. */
  public enum Stage {
    /** Before the task runs, on its input. */
    INPUT,
    /** After the task ran, on its output. */
    OUTPUT
  }

  /**
   * Validates the fields.
   *
   * @param stage the stage
   * @param task the task
   * @param text the text
   */
  public GuardInput {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(task, "task");
    text = text == null ? "" : text;
  }
}
