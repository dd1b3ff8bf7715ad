package dev.switchboard.testkit;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * How a task ended: its result or failure, the chunks it streamed, and timing. Build assertions on
 * it; {@link #result()} throws an {@link AssertionError} carrying the failure when the task failed,
 * so a test reads naturally.
 *
 * @param <T> the result type
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class TaskOutcome<T> {

  private final T result;
  private final Throwable failure;
  private final boolean completed;
  private final Duration elapsed;
  private final Duration eventLoopTime;
  private final boolean cancelled;
  private final boolean deadlineExceeded;
  private final TestTaskContext context;
  private final List<JsonObject> chunks;

  TaskOutcome(
      T result,
      Throwable failure,
      boolean completed,
      Duration elapsed,
      Duration eventLoopTime,
      boolean cancelled,
      boolean deadlineExceeded,
      List<JsonObject> chunks,
      TestTaskContext context) {
    this.result = result;
    this.failure = failure;
    this.completed = completed;
    this.elapsed = elapsed;
    this.eventLoopTime = eventLoopTime;
    this.cancelled = cancelled;
    this.deadlineExceeded = deadlineExceeded;
    this.chunks = chunks;
    this.context = context;
  }

  /**
   * Whether the extension's future succeeded.
   *
   * @return true on success
   */
  public boolean succeeded() {
    return failure == null;
  }

  /**
   * The result.
   *
   * @return the value the future completed with
   * @throws AssertionError when the task failed, with the failure as its cause
   */
  public T result() {
    if (failure != null) {
      throw new AssertionError("the task failed: " + failure, failure);
    }
    return result;
  }

  /**
   * The failure.
   *
   * @return the exception the future failed with, or null on success
   */
  public Throwable failure() {
    return failure;
  }

  /**
   * The error category the server would answer with.
   *
   * @return the {@link TaskException}'s code, {@link ErrorCode#INTERNAL} for any other exception,
   *     or null on success
   */
  public ErrorCode errorCode() {
    if (failure == null) {
      return null;
    }
    return failure instanceof TaskException e ? e.code() : ErrorCode.INTERNAL;
  }

  /**
   * Asserts that the task failed with a {@link TaskException} of the given code.
   *
   * @param code the expected code
   * @return the exception, to check its message
   * @throws AssertionError otherwise
   */
  public TaskException assertFailedWith(ErrorCode code) {
    if (failure == null) {
      throw new AssertionError("expected a failure with " + code + " but the task succeeded");
    }
    if (!(failure instanceof TaskException e) || e.code() != code) {
      throw new AssertionError("expected a TaskException with " + code + " but got " + failure);
    }
    return e;
  }

  /**
   * Whether the extension completed its future at all before the host stopped waiting (deadline
   * plus grace). When it did not, {@link #failure()} is a {@link ErrorCode#DEADLINE_EXCEEDED}
   * exception made by the host.
   *
   * @return false when the extension hung
   */
  public boolean completed() {
    return completed;
  }

  /**
   * Whether the deadline passed before the task finished; the server would have answered 504.
   * Decided when the future completed, so a test that looks later gets the same answer.
   *
   * @return true when the deadline cancelled the task
   */
  public boolean deadlineExceeded() {
    return deadlineExceeded;
  }

  /**
   * Whether the task was cancelled, by the test, a {@code cancelAfter} setting or the deadline.
   *
   * @return true once cancelled
   */
  public boolean cancelled() {
    return cancelled;
  }

  /**
   * The chunks emitted before the task ended, in order; the server forwards no chunk emitted after
   * the future completed, and neither does this list.
   *
   * @return the chunks' JSON
   */
  public List<JsonObject> chunks() {
    return chunks;
  }

  /**
   * The streamed {@code delta} texts, concatenated.
   *
   * @return the text, empty when nothing was streamed
   */
  public String streamedText() {
    return StreamAssertions.text(chunks);
  }

  /**
   * How many chunks were emitted after cancellation.
   *
   * @return 0 when not cancelled
   */
  public int chunksAfterCancel() {
    return context.chunksAfterCancel();
  }

  /**
   * Time from the call until the future completed (or the host gave up).
   *
   * @return the duration
   */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * How long the extension method ran on the event loop before returning its future. Work that
   * takes longer than a millisecond or so belongs on a worker ({@code executeBlocking}) or in the
   * model runtime: a blocked event loop stalls every request on it.
   *
   * @return the duration of the synchronous part of the call
   */
  public Duration eventLoopTime() {
    return eventLoopTime;
  }

  /**
   * The context the task ran with, for its logs and metrics.
   *
   * @return the context
   */
  public TestTaskContext context() {
    return context;
  }

  @Override
  public String toString() {
    return "TaskOutcome{"
        + (failure == null ? "result=" + result : "failure=" + failure)
        + ", chunks="
        + chunks.size()
        + ", elapsed="
        + elapsed.toMillis()
        + "ms"
        + (completed ? "" : ", never completed")
        + "}";
  }
}
