package dev.switchboard.testkit;

import dev.switchboard.api.ApiStatus;
import org.slf4j.event.Level;

/**
 * One line a plugin logged through {@link dev.switchboard.api.TaskContext#log()}.
 *
 * @param level the level
 * @param message the message with its arguments filled in
 * @param throwable the exception logged with it, or null
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public record LogEntry(Level level, String message, Throwable throwable) {}
