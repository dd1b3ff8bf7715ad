package dev.switchboard.eval;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows in batches off the request path. Bounded: when the backlog is full, new rows are
 * dropped and counted rather than growing memory without limit. When the database is unreachable,
 * the same batch is retried with exponential backoff. {@link #drain} flushes what is left.
 *
 * <p>Runs on the Vert.x context that created it; {@link #offer} may be called from any thread.
 *
 * @param <T> the row type
 */
public final class BatchWriter<T> {

  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

  private final Vertx vertx;
  private final String name;
  private final int capacity;
  private final int batchSize;
  private final long flushIntervalMs;
  private final Function<List<T>, Future<Void>> sink;
  private final ArrayDeque<T> queue = new ArrayDeque<>();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final long timerId;
  private boolean flushing;
  private boolean draining;
  private long backoffMs;
  private long retryAt;

  public BatchWriter(
      Vertx vertx,
      String name,
      int capacity,
      int batchSize,
      long flushIntervalMs,
      Function<List<T>, Future<Void>> sink) {
    this.vertx = vertx;
    this.name = name;
    this.capacity = capacity;
    this.batchSize = batchSize;
    this.flushIntervalMs = flushIntervalMs;
    this.sink = sink;
    this.timerId = vertx.setPeriodic(flushIntervalMs, id -> flush());
  }

  /** Queues a row; returns false (and counts it) when the backlog is full. */
  public boolean offer(T row) {
    synchronized (queue) {
      if (queue.size() >= capacity) {
        dropped.incrementAndGet();
        return false;
      }
      queue.add(row);
      return true;
    }
  }

  /** Rows waiting to be written. */
  public int backlog() {
    synchronized (queue) {
      return queue.size();
    }
  }

  /** Rows dropped because the backlog was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Rows written so far. */
  public long written() {
    return written.get();
  }

  /** Writes one batch now if none is in flight and no backoff is pending. */
  public Future<Void> flush() {
    if (flushing || System.currentTimeMillis() < retryAt) {
      return Future.succeededFuture();
    }
    List<T> batch = peekBatch();
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    flushing = true;
    return sink.apply(batch)
        .andThen(
            ar -> {
              flushing = false;
              if (ar.succeeded()) {
                removeBatch(batch.size());
                written.addAndGet(batch.size());
                backoffMs = 0;
                retryAt = 0;
                // Keep up with bursts: a full batch waiting goes out now, not at the next tick.
                if (backlog() >= batchSize) {
                  vertx.runOnContext(v -> flush());
                }
              } else {
                backoffMs =
                    Math.min(
                        backoffMs == 0 ? flushIntervalMs : backoffMs * 2, draining ? 250 : 30_000);
                retryAt = System.currentTimeMillis() + backoffMs;
                LOG.atWarn()
                    .addKeyValue("writer", name)
                    .addKeyValue("backlog", backlog())
                    .addKeyValue("retryInMs", backoffMs)
                    .log("batch write failed: {}", ar.cause().getMessage());
              }
            });
  }

  /**
   * Stops the timer and writes everything left, giving up after {@code timeoutMs}.
   *
   * @param timeoutMs the most time to spend
   * @return completes when the backlog is empty or time ran out
   */
  public Future<Void> drain(long timeoutMs) {
    vertx.cancelTimer(timerId);
    draining = true;
    backoffMs = Math.min(backoffMs, 250);
    retryAt = Math.min(retryAt, System.currentTimeMillis());
    long until = System.currentTimeMillis() + timeoutMs;
    Promise<Void> done = Promise.promise();
    drainStep(until, done);
    return done.future();
  }

  private void drainStep(long until, Promise<Void> done) {
    if (backlog() == 0) {
      done.complete();
      return;
    }
    if (System.currentTimeMillis() > until) {
      LOG.atWarn()
          .addKeyValue("writer", name)
          .addKeyValue("lost", backlog())
          .log("drain timed out");
      done.complete();
      return;
    }
    flush()
        .onComplete(
            ar -> vertx.setTimer(flushing || backlog() > 0 ? 20 : 1, id -> drainStep(until, done)));
  }

  private List<T> peekBatch() {
    synchronized (queue) {
      List<T> batch = new ArrayList<>(Math.min(batchSize, queue.size()));
      for (T row : queue) {
        if (batch.size() == batchSize) {
          break;
        }
        batch.add(row);
      }
      return batch;
    }
  }

  private void removeBatch(int n) {
    synchronized (queue) {
      for (int i = 0; i < n; i++) {
        queue.poll();
      }
    }
  }
}
