package dev.switchboard.api.chat;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.Json;
import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Generation settings. A null field means "the model's default" (from its {@code
 * generation_config.json}).
 *
 * @param maxTokens the most tokens to generate, at least 1
 * @param temperature sampling temperature in [0, 2]; 0 means greedy
 * @param topP nucleus sampling mass in (0, 1]
 * @param topK sample among the k most likely tokens, at least 1
 * @param repetitionPenalty penalty for repeated tokens, greater than 0 (1 = none)
 * @param stop sequences that end generation, never null
 * @param seed the seed for reproducible sampling
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record GenerationParams(
    Integer maxTokens,
    Double temperature,
    Double topP,
    Integer topK,
    Double repetitionPenalty,
    List<String> stop,
    Long seed) {

  /** All defaults. */
  public static final GenerationParams DEFAULTS =
      new GenerationParams(null, null, null, null, null, List.of(), null);

  /**
   * Validates the ranges.
   *
   * @param maxTokens the most tokens
   * @param temperature the temperature
   * @param topP the nucleus mass
   * @param topK the top-k cut
   * @param repetitionPenalty the repetition penalty
   * @param stop the stop sequences
   * @param seed the seed
   */
  public GenerationParams {
    if (maxTokens != null && maxTokens < 1) {
      throw TaskException.invalid("maxTokens must be at least 1");
    }
    if (temperature != null && (temperature < 0 || temperature > 2)) {
      throw TaskException.invalid("temperature must be between 0 and 2");
    }
    if (topP != null && (topP <= 0 || topP > 1)) {
      throw TaskException.invalid("topP must be in (0, 1]");
    }
    if (topK != null && topK < 1) {
      throw TaskException.invalid("topK must be at least 1");
    }
    if (repetitionPenalty != null && repetitionPenalty <= 0) {
      throw TaskException.invalid("repetitionPenalty must be greater than 0");
    }
    stop = stop == null ? List.of() : List.copyOf(stop);
  }

  /**
   * The JSON form; null fields are left out.
   *
   * @return a new object
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    putIfSet(json, "maxTokens", maxTokens);
    putIfSet(json, "temperature", temperature);
    putIfSet(json, "topP", topP);
    putIfSet(json, "topK", topK);
    putIfSet(json, "repetitionPenalty", repetitionPenalty);
    putIfSet(json, "seed", seed);
    if (!stop.isEmpty()) {
      json.put("stop", new JsonArray(List.copyOf(stop)));
    }
    return json;
  }

  private static void putIfSet(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}; null gives {@link #DEFAULTS}
   * @return the settings
   */
  public static GenerationParams fromJson(JsonObject json) {
    if (json == null) {
      return DEFAULTS;
    }
    try {
      return new GenerationParams(
          json.getInteger("maxTokens"),
          json.getDouble("temperature"),
          json.getDouble("topP"),
          json.getInteger("topK"),
          json.getDouble("repetitionPenalty"),
          Json.strings(json.getJsonArray("stop")),
          json.getLong("seed"));
    } catch (ClassCastException e) {
      throw TaskException.invalid("generation parameters have the wrong type: " + e.getMessage());
    }
  }
}
