package dev.switchboard.evaluation;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.conversations.Cursor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Eval runs and their per-example results in PostgreSQL. The {@code eval_runs} table is also the
 * runner's queue: queued runs are claimed oldest first, and a run keeps its results across
 * restarts.
 */
public final class EvalRunStore {

  /**
   * A run the runner claimed.
   *
   * @param id the run
   * @param versionId the dataset version it evaluates
   * @param split the split
   * @param target what it evaluates
   */
  record Claimed(UUID id, UUID versionId, String split, JsonObject target) {}

  private static final String RUN_COLUMNS =
      "r.id, r.dataset_version_id, r.split, r.target, r.status, r.metrics, r.error, r.total,"
          + " r.completed, r.created_at, r.started_at, r.finished_at";

  private final Pool pool;

  public EvalRunStore(Pool pool) {
    this.pool = pool;
  }

  /** A queued run. */
  public Future<UUID> create(UUID versionId, String split, EvalTarget target) {
    return pool.preparedQuery(
            "INSERT INTO eval_runs (dataset_version_id, split, target) VALUES ($1, $2, $3)"
                + " RETURNING id")
        .execute(Tuple.of(versionId, split, target.toJson()))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  /** A run's state, or a 404. */
  public Future<JsonObject> get(String id) {
    UUID uuid = parse(id);
    return pool.preparedQuery("SELECT " + RUN_COLUMNS + " FROM eval_runs r WHERE r.id = $1")
        .execute(Tuple.of(uuid))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw TaskException.notFound("unknown eval run " + id);
              }
              return run(rows.iterator().next());
            });
  }

  /** Runs, newest first. */
  public Future<JsonObject> list(String after, int limit) {
    Cursor cursor = after == null ? null : Cursor.decode(after);
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT " + RUN_COLUMNS + " FROM eval_runs r WHERE true");
    if (cursor != null) {
      args.add(cursor.at());
      args.add(cursor.id());
      sql.append(" AND (r.created_at, r.id) < ($1, $2)");
    }
    args.add(limit + 1);
    sql.append(" ORDER BY r.created_at DESC, r.id DESC LIMIT $").append(args.size());
    return pool.preparedQuery(sql.toString())
        .execute(Tuple.from(args))
        .map(rows -> Cursor.page(rows, limit, EvalRunStore::run, "created_at"));
  }

  /**
   * Puts runs a stopped server left running back in the queue; they resume from their stored
   * results. One server owns the queue (as for training jobs).
   */
  Future<Integer> requeueInterrupted() {
    return pool.query("UPDATE eval_runs SET status = 'queued' WHERE status = 'running'")
        .execute()
        .map(RowSet::rowCount);
  }

  /** Takes the oldest queued run, or null when the queue is empty. */
  Future<Claimed> claimNext() {
    return pool.query(
            "UPDATE eval_runs SET status = 'running', started_at = coalesce(started_at, now())"
                + " WHERE id = (SELECT id FROM eval_runs WHERE status = 'queued'"
                + " ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
                + " RETURNING id, dataset_version_id, split, target")
        .execute()
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row row = rows.iterator().next();
              Object target = row.getValue("target");
              return new Claimed(
                  row.getUUID("id"),
                  row.getUUID("dataset_version_id"),
                  row.getString("split"),
                  target instanceof JsonObject json ? json : new JsonObject());
            });
  }

  /** The results a run has stored so far, by seq (a resumed run's finished examples). */
  Future<List<EvalResult>> scored(UUID runId) {
    return pool.preparedQuery(
            "SELECT seq, example_id, expected, actual, correct, scores, latency_ms FROM eval_results"
                + " WHERE run_id = $1 ORDER BY seq")
        .execute(Tuple.of(runId))
        .map(
            rows -> {
              List<EvalResult> out = new ArrayList<>(rows.size());
              for (Row row : rows) {
                out.add(
                    new EvalResult(
                        row.getInteger("seq"),
                        row.getUUID("example_id"),
                        (JsonObject) row.getValue("expected"),
                        (JsonObject) row.getValue("actual"),
                        Boolean.TRUE.equals(row.getBoolean("correct")),
                        (JsonObject) row.getValue("scores"),
                        row.getInteger("latency_ms") == null ? 0 : row.getInteger("latency_ms")));
              }
              return out;
            });
  }

  /** Records how many examples a (possibly resumed) running run has. */
  Future<Void> start(UUID id, int total) {
    return pool.preparedQuery("UPDATE eval_runs SET total = $2 WHERE id = $1")
        .execute(Tuple.of(id, total))
        .mapEmpty();
  }

  /**
   * Stores a batch of results and sets the progress counter. An example that has a result already
   * keeps it (a run resumed by two servers at once cannot store an example twice).
   */
  Future<Void> save(UUID runId, List<EvalResult> results) {
    if (results.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> tuples = new ArrayList<>(results.size());
    for (EvalResult r : results) {
      tuples.add(
          Tuple.from(
              new Object[] {
                runId,
                r.seq(),
                r.exampleId(),
                r.expected(),
                r.actual(),
                r.correct(),
                r.scores(),
                r.latencyMs()
              }));
    }
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "INSERT INTO eval_results (run_id, seq, example_id, expected, actual, correct,"
                        + " scores, latency_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                        + " ON CONFLICT (run_id, seq) DO NOTHING")
                .executeBatch(tuples)
                .compose(
                    x ->
                        conn.preparedQuery(
                                "UPDATE eval_runs SET completed ="
                                    + " (SELECT count(*) FROM eval_results WHERE run_id = $1)"
                                    + " WHERE id = $1")
                            .execute(Tuple.of(runId)))
                .mapEmpty());
  }

  Future<Void> finish(UUID id, JsonObject metrics) {
    return pool.preparedQuery(
            "UPDATE eval_runs SET status = 'succeeded', metrics = $2, finished_at = now()"
                + " WHERE id = $1")
        .execute(Tuple.of(id, metrics))
        .mapEmpty();
  }

  Future<Void> fail(UUID id, String error) {
    return pool.preparedQuery(
            "UPDATE eval_runs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1")
        .execute(Tuple.of(id, error))
        .mapEmpty();
  }

  /** A page of results in run order; {@code correct} filters to right or wrong answers. */
  public Future<JsonObject> results(String runId, Boolean correct, String after, int limit) {
    UUID run = parse(runId);
    int from = after == null ? -1 : decodeSeq(after);
    List<Object> args = new ArrayList<>(List.of(run, from));
    StringBuilder sql =
        new StringBuilder(
            "SELECT seq, example_id, expected, actual, correct, scores, latency_ms FROM eval_results"
                + " WHERE run_id = $1 AND seq > $2");
    if (correct != null) {
      args.add(correct);
      sql.append(" AND correct = $").append(args.size());
    }
    args.add(limit + 1);
    sql.append(" ORDER BY seq LIMIT $").append(args.size());
    return get(runId)
        .compose(x -> pool.preparedQuery(sql.toString()).execute(Tuple.from(args)))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              Integer last = null;
              int n = 0;
              for (Row row : rows) {
                if (n++ == limit) {
                  break;
                }
                items.add(result(row));
                last = row.getInteger("seq");
              }
              return new JsonObject()
                  .put("items", items)
                  .put("next", rows.size() > limit && last != null ? encodeSeq(last) : null);
            });
  }

  /** Results of two runs on the same examples, for comparison. */
  Future<List<Row>> paired(UUID run, UUID other) {
    return pool.preparedQuery(
            "SELECT a.seq, a.example_id, a.expected, a.actual AS a_actual, b.actual AS b_actual,"
                + " a.correct AS a_correct, b.correct AS b_correct,"
                + " (a.scores->>'primary')::float8 AS a_score,"
                + " (b.scores->>'primary')::float8 AS b_score"
                + " FROM eval_results a JOIN eval_results b ON b.example_id = a.example_id"
                + " AND b.run_id = $2 WHERE a.run_id = $1 ORDER BY a.seq")
        .execute(Tuple.of(run, other))
        .map(
            rows -> {
              List<Row> out = new ArrayList<>();
              rows.forEach(out::add);
              return out;
            });
  }

  private static JsonObject run(Row row) {
    Integer total = row.getInteger("total");
    int completed = row.getInteger("completed");
    String status = row.getString("status");
    double progress =
        "succeeded".equals(status)
            ? 1.0
            : total == null || total == 0 ? 0.0 : (double) completed / total;
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("datasetVersionId", row.getUUID("dataset_version_id").toString())
        .put("split", row.getString("split"))
        .put("target", row.getValue("target"))
        .put("status", status)
        .put("progress", progress)
        .put("total", total)
        .put("completed", completed)
        .put("metrics", row.getValue("metrics"))
        .put("error", row.getString("error"))
        .put("createdAt", row.getOffsetDateTime("created_at").toString())
        .put("startedAt", str(row.getOffsetDateTime("started_at")))
        .put("finishedAt", str(row.getOffsetDateTime("finished_at")));
  }

  private static JsonObject result(Row row) {
    return new JsonObject()
        .put("seq", row.getInteger("seq"))
        .put(
            "exampleId",
            row.getUUID("example_id") == null ? null : row.getUUID("example_id").toString())
        .put("expected", row.getValue("expected"))
        .put("actual", row.getValue("actual"))
        .put("correct", row.getBoolean("correct"))
        .put("scores", row.getValue("scores"))
        .put("latencyMs", row.getInteger("latency_ms"));
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static String encodeSeq(int seq) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("seq|" + seq).getBytes(StandardCharsets.UTF_8));
  }

  private static int decodeSeq(String raw) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
      if (!s.startsWith("seq|")) {
        throw new IllegalArgumentException();
      }
      return Integer.parseInt(s.substring(4));
    } catch (RuntimeException e) {
      throw TaskException.invalid("'after' is not a cursor this server issued");
    }
  }

  static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (RuntimeException e) {
      throw TaskException.notFound("unknown eval run " + id);
    }
  }

  static TaskException conflict(String message) {
    return new TaskException(ErrorCode.CONFLICT, message);
  }
}
