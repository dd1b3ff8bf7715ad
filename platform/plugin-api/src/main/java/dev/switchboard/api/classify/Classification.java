package dev.switchboard.api.classify;

import dev.switchboard.api.ApiStatus;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The classification of one text.
 *
 * @param label the winning label
 * @param score the winning label's score in [0, 1]
 * @param scores every label's score, never null
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record Classification(String label, double score, Map<String, Double> scores) {

  /**
   * Validates the fields.
   *
   * @param label the label
   * @param score the score
   * @param scores all scores
   */
  public Classification {
    Objects.requireNonNull(label, "label");
    scores =
        scores == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scores));
  }

  /**
   * The JSON form.
   *
   * @return a new object
   */
  public JsonObject toJson() {
    JsonObject all = new JsonObject();
    scores.forEach(all::put);
    return new JsonObject().put("label", label).put("score", score).put("scores", all);
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}
   * @return the classification
   */
  public static Classification fromJson(JsonObject json) {
    Map<String, Double> scores = new LinkedHashMap<>();
    JsonObject all = json.getJsonObject("scores", new JsonObject());
    for (String key : all.fieldNames()) {
      scores.put(key, all.getDouble(key));
    }
    return new Classification(json.getString("label"), json.getDouble("score", 0.0), scores);
  }
}
