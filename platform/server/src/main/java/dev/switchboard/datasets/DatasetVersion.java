package dev.switchboard.datasets;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A frozen dataset version's header (its examples stay in {@code dataset_versions.snapshot}).
 *
 * @param id the version's id
 * @param datasetId its dataset
 * @param version 1, 2, ... per dataset
 * @param task the dataset's task
 * @param labels the label set of the examples frozen, sorted
 * @param exampleCount how many examples it holds
 * @param splitCounts {@code {"train":n,"validation":n,"test":n,"none":n}}
 * @param createdAt when it was frozen
 */
public record DatasetVersion(
    UUID id,
    UUID datasetId,
    int version,
    Task task,
    List<String> labels,
    int exampleCount,
    JsonObject splitCounts,
    OffsetDateTime createdAt) {

  /** The API form. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("datasetId", datasetId.toString())
        .put("version", version)
        .put("task", task.wireName())
        .put("labels", new JsonArray(List.copyOf(labels)))
        .put("exampleCount", exampleCount)
        .put("splitCounts", splitCounts)
        .put("createdAt", createdAt.toString());
  }
}
