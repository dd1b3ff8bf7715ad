package dev.switchboard.models;

import dev.switchboard.runtime.train.FineTunedEncoder;
import dev.switchboard.runtime.train.TrainedClassifier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of a trained classifier, a folder under {@code models/classifiers/<name>/v<version>/}
 * holding either a head over an embedding model's vectors ({@link TrainedClassifier}) or a
 * fine-tuned BERT encoder with its head ({@link FineTunedEncoder}, a Hugging Face folder).
 *
 * @param name the classifier's name
 * @param version 1, 2, ... in training order
 * @param path the version's folder
 * @param head the loaded head, or null for a fine-tuned encoder
 * @param fineTuned what the fine-tuned folder says about itself, or null for a head
 */
public record ClassifierVersion(
    String name, int version, Path path, TrainedClassifier head, FineTunedEncoder.Info fineTuned) {

  /** Architecture name of fine-tuned versions in listings. */
  public static final String FINE_TUNED = "bert-fine-tuned";

  /** A head version. */
  public ClassifierVersion(String name, int version, Path path, TrainedClassifier head) {
    this(name, version, path, head, null);
  }

  /** Reads a version folder of either kind (blocking). */
  static ClassifierVersion load(String name, int version, Path folder) {
    return FineTunedEncoder.isFolder(folder)
        ? new ClassifierVersion(name, version, folder, null, FineTunedEncoder.readInfo(folder))
        : new ClassifierVersion(name, version, folder, TrainedClassifier.load(folder));
  }

  /** Whether {@code folder} holds a version of either kind. */
  static boolean isVersionFolder(Path folder) {
    return FineTunedEncoder.isFolder(folder) || TrainedClassifier.isClassifierFolder(folder);
  }

  /** Whether this version is a fine-tuned encoder (served whole) rather than a head. */
  public boolean isFineTuned() {
    return fineTuned != null;
  }

  /** The labels it scores, in order. */
  public List<String> labels() {
    return isFineTuned() ? fineTuned.labels() : head.labels();
  }

  /**
   * The embedding model a head was trained on (the bundled one unless the head says); null for a
   * fine-tuned encoder, which embeds for itself.
   */
  public String embeddingModel() {
    return isFineTuned()
        ? null
        : head.metadata().getOrDefault("embeddingModel", ModelService.BUNDLED_EMBEDDING);
  }

  /** What the {@code models} row's metadata holds. */
  JsonObject metadata() {
    Map<String, Object> metrics = isFineTuned() ? fineTuned.metrics() : head.metrics();
    JsonObject o =
        new JsonObject()
            .put("labels", new JsonArray(labels()))
            .put("architecture", isFineTuned() ? FINE_TUNED : head.architecture())
            .put("fineTuned", isFineTuned());
    if (isFineTuned()) {
      o.put("baseModel", fineTuned.metadata().get("baseModel"));
    } else {
      o.put("inputDim", head.inputDim()).put("embeddingModel", embeddingModel());
    }
    return o.put("metrics", new JsonObject(new LinkedHashMap<>(metrics)));
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
