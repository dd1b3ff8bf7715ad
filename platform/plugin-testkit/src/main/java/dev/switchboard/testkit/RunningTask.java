package dev.switchboard.testkit;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A task under way, started by {@link TaskRun#start}. Cancel it, watch its context, then {@link
 * #await()} its {@link TaskOutcome}.
 *
 * @param <T> the result type
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class RunningTask<T> {

  private final TestTaskContext context;
  private final Duration grace;
  private final long startNanos = System.nanoTime();
  private final CompletableFuture<T> future = new CompletableFuture<>();
  private volatile long endNanos;
  private volatile long eventLoopNanos;
  private volatile Snapshot end;

  /** What the task looked like when its future completed, before anything that came later. */
  private record Snapshot(boolean cancelled, boolean deadlinePassed, List<JsonObject> chunks) {}

  private RunningTask(TestTaskContext context, Duration grace) {
    this.context = context;
    this.grace = grace;
  }

  // Calls the extension on an event-loop context, as the server's plugin endpoint does.
  static <T> RunningTask<T> start(
      Vertx vertx,
      TestTaskContext context,
      Function<TaskContext, Future<T>> task,
      Duration grace,
      Duration cancelAfter) {
    RunningTask<T> running = new RunningTask<>(context, grace);
    context.startDeadlineTimer();
    if (cancelAfter != null) {
      long timer = vertx.setTimer(Math.max(1, cancelAfter.toMillis()), t -> context.cancel());
      running.future.whenComplete((r, e) -> vertx.cancelTimer(timer));
    }
    vertx.getOrCreateContext().runOnContext(v -> running.call(task));
    return running;
  }

  private void call(Function<TaskContext, Future<T>> task) {
    long before = System.nanoTime();
    Future<T> result;
    try {
      result = task.apply(context);
      if (result == null) {
        result = Future.failedFuture(new IllegalStateException("the extension returned null"));
      }
    } catch (RuntimeException | Error e) {
      // The server turns a synchronous throw into the same error reply as a failed future.
      result = Future.failedFuture(e);
    }
    eventLoopNanos = System.nanoTime() - before;
    result.onComplete(
        ar -> {
          endNanos = System.nanoTime();
          context.finish();
          end = snapshot();
          if (ar.succeeded()) {
            future.complete(ar.result());
          } else {
            future.completeExceptionally(ar.cause());
          }
        });
  }

  /**
   * The context the task runs with: watch its chunks or cancel it.
   *
   * @return the context
   */
  public TestTaskContext context() {
    return context;
  }

  /** Cancels the task, as a client that disconnects would. */
  public void cancel() {
    context.cancel();
  }

  /**
   * Whether the extension completed its future.
   *
   * @return true once it did
   */
  public boolean isDone() {
    return future.isDone();
  }

  /**
   * Waits for the task to end, at most until its deadline plus the host's grace period.
   *
   * @return the outcome; if the extension never completed its future, a {@link
   *     ErrorCode#DEADLINE_EXCEEDED} failure with {@link TaskOutcome#completed()} false
   */
  public TaskOutcome<T> await() {
    Duration untilDeadline = Duration.between(Instant.now(), context.deadline());
    Duration wait = untilDeadline.isNegative() ? grace : untilDeadline.plus(grace);
    return await(wait);
  }

  /**
   * Waits for the task to end, at most for the given time.
   *
   * @param timeout how long to wait
   * @return the outcome, as for {@link #await()}
   */
  public TaskOutcome<T> await(Duration timeout) {
    T result = null;
    Throwable failure = null;
    boolean completed = true;
    try {
      result = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      failure = e.getCause();
    } catch (TimeoutException e) {
      completed = false;
      // The server stops waiting and cancels, so the plugin can free what it holds.
      context.cancel();
      failure =
          new TaskException(
              ErrorCode.DEADLINE_EXCEEDED,
              "the extension did not complete its future within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the task", e);
    }
    context.finish();
    Snapshot last = completed ? end : snapshot();
    long endedAt = completed ? endNanos : System.nanoTime();
    return new TaskOutcome<>(
        result,
        failure,
        completed,
        Duration.ofNanos(endedAt - startNanos),
        Duration.ofNanos(eventLoopNanos),
        last.cancelled(),
        last.deadlinePassed(),
        last.chunks(),
        context);
  }

  // Reads the clock too: a future that completes just after the deadline, before the timer fires
  // and without the plugin looking, still missed it.
  private Snapshot snapshot() {
    boolean late = context.deadlinePassed() || !Instant.now().isBefore(context.deadline());
    return new Snapshot(context.isCancelled(), late, context.chunks());
  }
}
