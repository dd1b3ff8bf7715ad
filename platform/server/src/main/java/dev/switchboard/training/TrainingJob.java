package dev.switchboard.training;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of {@code training_jobs}.
 *
 * @param id the job id
 * @param kind {@code classifier}
 * @param name the classifier the job trains a new version of
 * @param datasetVersionId the dataset version it trains on
 * @param params hyper-parameters as given
 * @param status queued, running, succeeded, failed or cancelled
 * @param progress 0 to 1
 * @param metrics figures so far (loss curve while running; evaluation when done), or null
 * @param error why it failed, or null
 * @param checkpoint the folder it checkpoints into, or null before it first ran
 * @param device the device its runner trains on, or null before it first ran
 * @param createdAt when it was submitted
 * @param startedAt when a runner first took it, or null
 * @param finishedAt when it ended, or null
 */
public record TrainingJob(
    UUID id,
    String kind,
    String name,
    UUID datasetVersionId,
    JsonObject params,
    String status,
    double progress,
    JsonObject metrics,
    String error,
    String checkpoint,
    String device,
    OffsetDateTime createdAt,
    OffsetDateTime startedAt,
    OffsetDateTime finishedAt) {

  /** Whether the job will not change any more. */
  public boolean terminal() {
    return isTerminal(status);
  }

  static boolean isTerminal(String status) {
    return status.equals("succeeded") || status.equals("failed") || status.equals("cancelled");
  }

  static TrainingJob from(Row r) {
    return new TrainingJob(
        r.getUUID("id"),
        r.getString("kind"),
        r.getString("name"),
        r.getUUID("dataset_version_id"),
        (JsonObject) r.getValue("params"),
        r.getString("status"),
        r.getDouble("progress"),
        (JsonObject) r.getValue("metrics"),
        r.getString("error"),
        r.getString("checkpoint"),
        r.getString("device"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("started_at"),
        r.getOffsetDateTime("finished_at"));
  }

  /** The JSON form of {@code /api/v1/training-jobs}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("kind", kind)
        .put("name", name)
        .put("datasetVersionId", datasetVersionId == null ? null : datasetVersionId.toString())
        .put("params", params)
        .put("status", status)
        .put("progress", progress)
        .put("metrics", metrics == null ? new JsonObject() : metrics)
        .put("error", error)
        .put("device", device)
        .put("createdAt", createdAt == null ? null : createdAt.toString())
        .put("startedAt", startedAt == null ? null : startedAt.toString())
        .put("finishedAt", finishedAt == null ? null : finishedAt.toString());
  }
}
