package dev.switchboard.eval;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Records routed requests in {@code eval_log}, sampled, through a {@link BatchWriter}. */
public final class EvalLogWriter {

  private static final String INSERT =
      "INSERT INTO eval_log (id, request_id, task, plugin_id, extension, model, status, error_code, latency_ms,"
          + " shadow, input, output, user_name, api_key_id, created_at, prompt_tokens, completion_tokens)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
          + " ON CONFLICT (id) DO NOTHING";

  private final BatchWriter<EvalLogEntry> writer;
  private final double sampleRate;

  public EvalLogWriter(Vertx vertx, Pool pool, double sampleRate, MeterRegistry registry) {
    this.sampleRate = sampleRate;
    this.writer =
        new BatchWriter<>(vertx, "eval_log", 50_000, 500, 200, batch -> insert(pool, batch));
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

  /** Writes what is queued and stops. */
  public Future<Void> drain(long timeoutMs) {
    return writer.drain(timeoutMs);
  }

  /** Entries written so far. */
  public long written() {
    return writer.written();
  }

  private static Future<Void> insert(Pool pool, List<EvalLogEntry> batch) {
    List<Tuple> tuples = new ArrayList<>(batch.size());
    for (EvalLogEntry e : batch) {
      // The primary answer's row id is the request id, so a retried batch cannot insert it twice.
      UUID id = e.shadow() ? UUID.randomUUID() : uuidOrRandom(e.requestId());
      tuples.add(
          Tuple.from(
              new Object[] {
                id,
                e.requestId(),
                e.task(),
                e.pluginId(),
                e.extension(),
                e.model(),
                e.status(),
                e.errorCode(),
                e.latencyMs(),
                e.shadow(),
                e.input(),
                e.output(),
                e.user(),
                uuidOrNull(e.apiKeyId()),
                e.at().atOffset(ZoneOffset.UTC),
                tokens(e.output(), "promptTokens"),
                tokens(e.output(), "completionTokens")
              }));
    }
    return pool.preparedQuery(INSERT).executeBatch(tuples).mapEmpty();
  }

  /** A chat answer's token usage ({@code output.usage}), for the eval log's token columns. */
  private static Integer tokens(io.vertx.core.json.JsonObject output, String field) {
    if (output == null || !(output.getValue("usage") instanceof io.vertx.core.json.JsonObject u)) {
      return null;
    }
    return u.getValue(field) instanceof Number n ? n.intValue() : null;
  }

  private static UUID uuidOrRandom(String id) {
    UUID parsed = uuidOrNull(id);
    return parsed == null ? UUID.randomUUID() : parsed;
  }

  private static UUID uuidOrNull(String id) {
    if (id == null) {
      return null;
    }
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
