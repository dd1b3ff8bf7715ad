package dev.switchboard.eval;

import dev.switchboard.db.DatabaseEndpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Records routed requests in {@code eval_log}, sampled, through a {@link BatchWriter}. The writer
 * has an event loop and a database connection of its own: encoding and sending a batch of thousands
 * of rows takes milliseconds, which on a request-serving event loop would stall every request
 * queued behind it.
 */
public final class EvalLogWriter {

  private final Vertx ownVertx;
  private final EvalLogCopy copy;
  private final BatchWriter<EvalLogEntry> writer;
  private final double sampleRate;

  /**
   * A Vert.x instance for the writer alone: one event loop. Create it outside any Vert.x context
   * and close it after {@link #drain}.
   */
  public static Vertx newVertx() {
    return Vertx.vertx(
        new VertxOptions()
            .setEventLoopPoolSize(1)
            .setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));
  }

  /**
   * Starts the writer on its own event loop.
   *
   * @param ownVertx the writer's Vert.x instance, from {@link #newVertx()}
   * @param database where the eval log lives
   * @param sampleRate the share of routed requests to keep, 0 to 1
   * @param registry where the backlog and drop gauges go
   */
  public EvalLogWriter(
      Vertx ownVertx, DatabaseEndpoint database, double sampleRate, MeterRegistry registry) {
    this.sampleRate = sampleRate;
    this.ownVertx = ownVertx;
    this.copy = new EvalLogCopy(database);
    // Small batches often: a batch's database work then comes in slices short enough not to hold
    // a core that serves requests (p99 7.6 vs 8.5-8.9 ms at 200 ms, bench/run.sh routing, 10 %).
    this.writer = new BatchWriter<>(ownVertx, "eval_log", 50_000, 2_000, 20, this::write);
    Gauge.builder("switchboard_eval_log_backlog", writer, BatchWriter::backlog)
        .description("eval log rows waiting to be written")
        .register(registry);
    Gauge.builder("switchboard_eval_log_dropped", writer, BatchWriter::dropped)
        .description("eval log rows dropped because the backlog was full")
        .register(registry);
  }

  /** Records an entry if it falls in the sample; shadow answers are always kept. */
  public void record(EvalLogEntry entry) {
    if (entry.shadow()
        || sampleRate >= 1.0
        || ThreadLocalRandom.current().nextDouble() < sampleRate) {
      writer.offer(entry);
    }
  }

  /** Writes what is queued, then closes the writer's connection. */
  public Future<Void> drain(long timeoutMs) {
    return writer
        .drain(timeoutMs)
        .transform(
            ignored ->
                ownVertx.executeBlocking(
                    () -> {
                      copy.close();
                      return null;
                    }));
  }

  /** Entries written so far. */
  public long written() {
    return writer.written();
  }

  /** Entries dropped so far because the backlog was full. */
  public long dropped() {
    return writer.dropped();
  }

  /** One batch, on the writer's worker thread (one, so batches never overlap). */
  private Future<Void> write(List<EvalLogEntry> batch) {
    return ownVertx.executeBlocking(
        () -> {
          copy.write(batch);
          return null;
        });
  }
}
