package dev.switchboard.eval;

import dev.switchboard.db.DatabaseEndpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Records routed requests in {@code eval_log}, sampled, through a {@link BatchWriter}. The writer
 * has an event loop and a database connection of its own: encoding and sending a batch of thousands
 * of rows takes milliseconds, which on a request-serving event loop would stall every request
 * queued behind it.
 */
public final class EvalLogWriter {

  // One statement per batch, rows passed as arrays: far less work for PostgreSQL than a pipeline
  // of single-row inserts, and it shares the machine with the server. Inputs and outputs travel as
  // text encoded by Jackson's streaming codec, several times cheaper than the client's jsonb path.
  private static final String INSERT =
      "INSERT INTO eval_log (id, request_id, task, plugin_id, extension, model, status, error_code,"
          + " latency_ms, shadow, input, output, user_name, api_key_id, created_at, prompt_tokens,"
          + " completion_tokens)"
          + " SELECT id, request_id, task, plugin_id, extension, model, status, error_code,"
          + " latency_ms, shadow, input::jsonb, output::jsonb, user_name, api_key_id, created_at,"
          + " prompt_tokens, completion_tokens"
          + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],"
          + " $7::int[], $8::text[], $9::int[], $10::bool[], $11::text[], $12::text[], $13::text[],"
          + " $14::uuid[], $15::timestamptz[], $16::int[], $17::int[])"
          + " AS t(id, request_id, task, plugin_id, extension, model, status, error_code, latency_ms,"
          + " shadow, input, output, user_name, api_key_id, created_at, prompt_tokens,"
          + " completion_tokens)"
          + " ON CONFLICT (id) DO NOTHING";

  // Losing the last moment of the log in a crash is acceptable; waiting for every batch's WAL
  // flush is not.
  private static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit TO OFF";

  private static final JacksonCodec JSON = new JacksonCodec();

  private final Pool pool;
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
    this.pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(1).setName("eval-log").setShared(false))
            .connectingTo(database.connectOptions())
            .using(ownVertx)
            .build();
    this.writer =
        new BatchWriter<>(ownVertx, "eval_log", 50_000, 2_000, 200, batch -> insert(pool, batch));
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
    return writer.drain(timeoutMs).transform(ignored -> pool.close());
  }

  /** Entries written so far. */
  public long written() {
    return writer.written();
  }

  private static Future<Void> insert(Pool pool, List<EvalLogEntry> batch) {
    int n = batch.size();
    UUID[] ids = new UUID[n];
    String[] requestIds = new String[n];
    String[] tasks = new String[n];
    String[] plugins = new String[n];
    String[] extensions = new String[n];
    String[] models = new String[n];
    Integer[] statuses = new Integer[n];
    String[] errorCodes = new String[n];
    Integer[] latencies = new Integer[n];
    Boolean[] shadows = new Boolean[n];
    String[] inputs = new String[n];
    String[] outputs = new String[n];
    String[] users = new String[n];
    UUID[] keys = new UUID[n];
    java.time.OffsetDateTime[] ats = new java.time.OffsetDateTime[n];
    Integer[] promptTokens = new Integer[n];
    Integer[] completionTokens = new Integer[n];
    for (int i = 0; i < n; i++) {
      EvalLogEntry e = batch.get(i);
      // The primary answer's row id is the request id, so a retried batch cannot insert it twice.
      ids[i] = e.shadow() ? UUID.randomUUID() : uuidOrRandom(e.requestId());
      requestIds[i] = e.requestId();
      tasks[i] = e.task();
      plugins[i] = e.pluginId();
      extensions[i] = e.extension();
      models[i] = e.model();
      statuses[i] = e.status();
      errorCodes[i] = e.errorCode();
      latencies[i] = e.latencyMs();
      shadows[i] = e.shadow();
      inputs[i] = text(e.input());
      outputs[i] = text(e.output());
      users[i] = e.user();
      keys[i] = uuidOrNull(e.apiKeyId());
      ats[i] = e.at().atOffset(ZoneOffset.UTC);
      promptTokens[i] = tokens(e.output(), "promptTokens");
      completionTokens[i] = tokens(e.output(), "completionTokens");
    }
    Tuple rows =
        Tuple.from(
            new Object[] {
              ids,
              requestIds,
              tasks,
              plugins,
              extensions,
              models,
              statuses,
              errorCodes,
              latencies,
              shadows,
              inputs,
              outputs,
              users,
              keys,
              ats,
              promptTokens,
              completionTokens
            });
    return pool.withTransaction(
        conn ->
            conn.query(ASYNC_COMMIT)
                .execute()
                .compose(ignored -> conn.preparedQuery(INSERT).execute(rows))
                .mapEmpty());
  }

  private static String text(io.vertx.core.json.JsonObject json) {
    return json == null ? null : JSON.toString(json, false);
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
