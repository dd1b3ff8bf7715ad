package dev.switchboard.models;

import dev.switchboard.runtime.train.TrainedClassifier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * One version of a trained classifier: a head folder under {@code
 * models/classifiers/<name>/v<version>/}.
 *
 * @param name the classifier's name
 * @param version 1, 2, ... in training order
 * @param path the head's folder
 * @param head the loaded head
 */
public record ClassifierVersion(String name, int version, Path path, TrainedClassifier head) {

  /** The embedding model the head was trained on; the bundled one unless the head says. */
  public String embeddingModel() {
    return head.metadata().getOrDefault("embeddingModel", ModelService.BUNDLED_EMBEDDING);
  }

  /** What the {@code models} row's metadata holds. */
  JsonObject metadata() {
    return new JsonObject()
        .put("labels", new JsonArray(head.labels()))
        .put("architecture", head.architecture())
        .put("inputDim", head.inputDim())
        .put("embeddingModel", embeddingModel())
        .put("metrics", new JsonObject(new java.util.LinkedHashMap<>(head.metrics())));
  }

  /** The JSON form of the classifier listings. */
  public JsonObject toJson(boolean active, boolean pinned) {
    return metadata()
        .put("name", name)
        .put("version", version)
        .put("path", path.toString())
        .put("active", active)
        .put("pinned", pinned);
  }
}
