package dev.switchboard.api.classify;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.Json;
import dev.switchboard.api.PluginApi;
import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A classification task.
 *
 * @param classifier the named classifier, or null for the route's default
 * @param inputs the texts, at least one
 * @param params classifier-specific settings, never null
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record ClassifyRequest(String classifier, List<String> inputs, JsonObject params) {

  /**
   * Validates the fields.
   *
   * @param classifier the classifier
   * @param inputs the texts
   * @param params the settings
   */
  public ClassifyRequest {
    if (inputs == null || inputs.isEmpty()) {
      throw TaskException.invalid("inputs must hold at least one text");
    }
    inputs = List.copyOf(inputs);
    params = params == null ? new JsonObject() : params;
  }

  /**
   * The JSON form.
   *
   * @return a new object
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("v", PluginApi.SCHEMA_VERSION)
        .put("classifier", classifier)
        .put("inputs", new JsonArray(List.copyOf(inputs)))
        .put("params", params);
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}
   * @return the request
   */
  public static ClassifyRequest fromJson(JsonObject json) {
    return new ClassifyRequest(
        json.getString("classifier"),
        Json.strings(json.getJsonArray("inputs")),
        json.getJsonObject("params"));
  }
}
