package dev.switchboard.training;

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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The {@code training_jobs} table: the persisted queue and each job's state. */
public final class TrainingJobStore {

  private final Pool pool;

  public TrainingJobStore(Pool pool) {
    this.pool = pool;
  }

  /** Queues a job. */
  public Future<TrainingJob> create(
      String kind, String name, UUID datasetVersionId, JsonObject params) {
    return pool.preparedQuery(
            "INSERT INTO training_jobs (kind, name, dataset_version_id, params)"
                + " VALUES ($1, $2, $3, $4) RETURNING *")
        .execute(Tuple.of(kind, name, datasetVersionId, params))
        .map(TrainingJobStore::one);
  }

  /** A job, or a 404. */
  public Future<TrainingJob> get(String id) {
    return pool.preparedQuery("SELECT * FROM training_jobs WHERE id = $1")
        .execute(Tuple.of(parseId(id)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw TaskException.notFound("unknown training job " + id);
              }
              return one(rows);
            });
  }

  /** Newest first, keyset-paginated: {@code {"items":[..],"next":cursor|null}}. */
  public Future<JsonObject> page(String after, int limit) {
    Cursor cursor = after == null ? null : Cursor.decode(after);
    String sql =
        "SELECT * FROM training_jobs"
            + (cursor == null ? "" : " WHERE (created_at, id) < ($2, $3)")
            + " ORDER BY created_at DESC, id DESC LIMIT $1";
    Tuple args =
        cursor == null ? Tuple.of(limit + 1) : Tuple.of(limit + 1, cursor.at(), cursor.id());
    return pool.preparedQuery(sql)
        .execute(args)
        .map(
            rows -> {
              List<TrainingJob> jobs = new ArrayList<>();
              for (Row r : rows) {
                jobs.add(TrainingJob.from(r));
              }
              String next = null;
              if (jobs.size() > limit) {
                jobs = jobs.subList(0, limit);
                TrainingJob last = jobs.get(limit - 1);
                next = new Cursor(last.createdAt(), last.id()).encode();
              }
              JsonArray items = new JsonArray();
              jobs.forEach(j -> items.add(j.toJson()));
              return new JsonObject().put("items", items).put("next", next);
            });
  }

  /**
   * Puts jobs a stopped server left running back in the queue; their checkpoints let them resume.
   * One server owns the queue (a cluster would need a lease per runner).
   */
  Future<Integer> requeueInterrupted() {
    return pool.query("UPDATE training_jobs SET status = 'queued' WHERE status = 'running'")
        .execute()
        .map(RowSet::rowCount);
  }

  /** Takes the oldest queued job for a device's runner, or null when the queue is empty. */
  Future<TrainingJob> claimNext(String device) {
    return pool.preparedQuery(
            "UPDATE training_jobs SET status = 'running', device = $1,"
                + " started_at = coalesce(started_at, now())"
                + " WHERE id = (SELECT id FROM training_jobs WHERE status = 'queued'"
                + " ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING *")
        .execute(Tuple.of(device))
        .map(rows -> rows.size() == 0 ? null : one(rows));
  }

  /** Records where a job checkpoints. */
  Future<Void> checkpoint(UUID id, String folder) {
    return pool.preparedQuery("UPDATE training_jobs SET checkpoint = $2 WHERE id = $1")
        .execute(Tuple.of(id, folder))
        .mapEmpty();
  }

  /** Records the device a job trains on when it is not its runner's (fine-tuning on a GPU). */
  Future<Void> device(UUID id, String device) {
    return pool.preparedQuery("UPDATE training_jobs SET device = $2 WHERE id = $1")
        .execute(Tuple.of(id, device))
        .mapEmpty();
  }

  /** Progress of a running job (ignored once it was cancelled). */
  Future<Void> progress(UUID id, double progress, JsonObject metrics) {
    return pool.preparedQuery(
            "UPDATE training_jobs SET progress = $2, metrics = $3"
                + " WHERE id = $1 AND status = 'running'")
        .execute(Tuple.of(id, progress, metrics))
        .mapEmpty();
  }

  /** Ends a running job; a job cancelled meanwhile stays cancelled. */
  Future<Void> finish(UUID id, String status, JsonObject metrics, String error) {
    return pool.preparedQuery(
            "UPDATE training_jobs SET status = $2, metrics = coalesce($3, metrics), error = $4,"
                + " progress = CASE WHEN $2 = 'succeeded' THEN 1 ELSE progress END,"
                + " finished_at = now() WHERE id = $1 AND status = 'running'")
        .execute(Tuple.of(id, status, metrics, error))
        .mapEmpty();
  }

  /**
   * Marks a queued or running job cancelled (a running one stops at its next step); a 409 when it
   * already ended.
   */
  public Future<TrainingJob> cancel(String id) {
    UUID uuid = parseId(id);
    return pool.preparedQuery(
            "UPDATE training_jobs SET status = 'cancelled', finished_at = now()"
                + " WHERE id = $1 AND status IN ('queued', 'running') RETURNING *")
        .execute(Tuple.of(uuid))
        .compose(
            rows ->
                rows.size() == 1
                    ? Future.succeededFuture(one(rows))
                    : get(id)
                        .map(
                            job -> {
                              throw new TaskException(
                                  ErrorCode.CONFLICT,
                                  "training job " + id + " already " + job.status());
                            }));
  }

  private static TrainingJob one(RowSet<Row> rows) {
    return TrainingJob.from(rows.iterator().next());
  }

  static UUID parseId(String id) {
    try {
      return UUID.fromString(id);
    } catch (RuntimeException e) {
      throw TaskException.notFound("unknown training job " + id);
    }
  }
}
