package dev.switchboard.plugins.classifier;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A zero-shot classifier: labels with descriptions, compared with each text by embedding
 * similarity.
 *
 * @param labels label → description, in score order
 * @param temperature divides the cosine similarities before the softmax; small values sharpen
 * @param embeddingModel the embedding model, or null for the platform default
 */
record ZeroShotSpec(Map<String, String> labels, double temperature, String embeddingModel) {

  /** Cosine similarities of sentence embeddings span a few tenths; 0.05 spreads them usefully. */
  static final double DEFAULT_TEMPERATURE = 0.05;

  ZeroShotSpec {
    if (labels.size() < 2) {
      throw TaskException.invalid("a zero-shot classifier needs at least 2 labels");
    }
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw TaskException.invalid("'temperature' must be a positive number");
    }
    labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  /**
   * Reads labels given as {@code {"name":"description"}} or as {@code ["name", ...]} (the name,
   * with underscores as spaces, is then the description).
   */
  static Map<String, String> labels(Object value, String where) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value instanceof JsonObject o) {
      for (String name : o.fieldNames()) {
        Object d = o.getValue(name);
        if (!(d instanceof String s) || s.isBlank()) {
          throw TaskException.invalid(
              where + ": the description of label '" + name + "' must be a non-empty string");
        }
        out.put(name, s);
      }
    } else if (value instanceof JsonArray a) {
      for (Object l : a) {
        if (!(l instanceof String s) || s.isBlank()) {
          throw TaskException.invalid(where + ": labels must be non-empty strings");
        }
        out.put(s, s.replace('_', ' '));
      }
    } else {
      throw TaskException.invalid(
          where + ": 'labels' must be an object {\"label\":\"description\"} or an array of labels");
    }
    return out;
  }

  /** Reads {@code {"labels", "temperature"?, "embeddingModel"?}} with fallbacks for the rest. */
  static ZeroShotSpec from(JsonObject o, String where, double temperature, String embeddingModel) {
    Object t = o.getValue("temperature");
    if (t != null && !(t instanceof Number)) {
      throw TaskException.invalid(where + ": 'temperature' must be a number");
    }
    Object m = o.getValue("embeddingModel");
    return new ZeroShotSpec(
        labels(o.getValue("labels"), where),
        t == null ? temperature : ((Number) t).doubleValue(),
        m instanceof String s && !s.isBlank() ? s : embeddingModel);
  }
}
