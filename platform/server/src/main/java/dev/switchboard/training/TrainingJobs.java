package dev.switchboard.training;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.datasets.DatasetVersions;
import dev.switchboard.datasets.Task;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** What the HTTP API does with training jobs: validated submission, look-ups, cancellation. */
public final class TrainingJobs {

  private final TrainingJobStore store;
  private final DatasetVersions datasets;
  private final TrainingRunner runner;

  public TrainingJobs(TrainingJobStore store, DatasetVersions datasets, TrainingRunner runner) {
    this.store = store;
    this.datasets = datasets;
    this.runner = runner;
  }

  /**
   * Queues a job after checking everything that can be checked up front: params (including that an
   * encoder to fine-tune is a trainable BERT folder), and that the dataset version exists and is a
   * classification dataset. The kind, the name's shape and the version id's presence are checked by
   * {@code openapi.yaml}.
   */
  public Future<TrainingJob> submit(
      String kind, String name, String datasetVersionId, JsonObject params) {
    UUID versionId;
    try {
      versionId = UUID.fromString(datasetVersionId);
    } catch (IllegalArgumentException e) {
      throw TaskException.invalid("'datasetVersionId' is not a dataset version id");
    }
    if (runner.hostedModelNamed(name)) {
      throw new TaskException(
          ErrorCode.CONFLICT, "a hosted model is named " + name + "; pick another classifier name");
    }
    JsonObject p = params == null ? new JsonObject() : params;
    return runner
        .checkParams(p)
        .compose(checked -> datasets.get(versionId))
        .compose(
            v -> {
              if (v.task() != Task.CLASSIFICATION) {
                throw TaskException.invalid(
                    "dataset version "
                        + versionId
                        + " is a "
                        + v.task().wireName()
                        + " dataset; a classifier trains on a classification dataset");
              }
              return store.create(kind, name, versionId, p);
            })
        .onSuccess(job -> runner.wake());
  }

  /**
   * Lets every finished job start an eval run of its new version on its dataset version's test
   * split (its id lands in the job's metrics as {@code evalRunId}).
   */
  public void evaluateWith(TestSplitEvaluation evaluation) {
    runner.evaluateWith(evaluation);
  }

  /** A job, or a 404. */
  public Future<TrainingJob> get(String id) {
    return store.get(id);
  }

  /** A keyset page, newest first. */
  public Future<JsonObject> page(String after, int limit) {
    return store.page(after, limit);
  }

  /** Cancels a queued or running job; a 409 when it already ended. */
  public Future<TrainingJob> cancel(String id) {
    return store
        .cancel(id)
        .onSuccess(
            job -> {
              runner.cancel(id);
            });
  }
}
