package dev.switchboard.routing;

import dev.switchboard.api.TaskException;
import dev.switchboard.api.TaskType;
import io.vertx.core.json.JsonObject;

/**
 * One row of the routing table: a plugin (and optionally an extension and model) that serves a
 * task, with a weight for A/B splits, or as a shadow that gets a copy of the traffic.
 *
 * @param task the task
 * @param pluginId the plugin
 * @param extension the extension name within the plugin, or null for its first
 * @param model the model handed to the plugin when the request names none, or null
 * @param weight the share of traffic relative to the task's other routes, 0 to 10000
 * @param shadow whether the route only receives copies whose answers are logged
 * @param config route settings passed to the plugin (for example a system prompt), never null
 */
public record Route(
    TaskType task,
    String pluginId,
    String extension,
    String model,
    int weight,
    boolean shadow,
    JsonObject config) {

  /** Validates the fields. */
  public Route {
    if (task == null) {
      throw TaskException.invalid("route task is required");
    }
    if (pluginId == null || !pluginId.matches(PluginIds.PATTERN)) {
      throw TaskException.invalid("route pluginId must match " + PluginIds.PATTERN);
    }
    if (weight < 0 || weight > 10_000) {
      throw TaskException.invalid("route weight must be between 0 and 10000");
    }
    config = config == null ? new JsonObject() : config;
  }

  /** The JSON form used by {@code /api/v1/routes}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("task", task.wireName())
        .put("plugin", pluginId)
        .put("extension", extension)
        .put("model", model)
        .put("weight", weight)
        .put("shadow", shadow)
        .put("config", config);
  }

  /** Reads the JSON form; invalid input fails with {@code INVALID_INPUT}. */
  public static Route fromJson(JsonObject json) {
    String task = json.getValue("task") instanceof String s ? s : null;
    Object weight = json.getValue("weight", 100);
    Object shadow = json.getValue("shadow", false);
    Object config = json.getValue("config");
    if (!(weight instanceof Integer w)) {
      throw TaskException.invalid("route weight must be an integer");
    }
    if (!(shadow instanceof Boolean sh)) {
      throw TaskException.invalid("route shadow must be a boolean");
    }
    if (config != null && !(config instanceof JsonObject)) {
      throw TaskException.invalid("route config must be an object");
    }
    return new Route(
        TaskType.fromWireName(task)
            .orElseThrow(
                () -> TaskException.invalid("route task must be chat, classify or retrieve")),
        stringOrNull(json, "plugin"),
        stringOrNull(json, "extension"),
        stringOrNull(json, "model"),
        w,
        sh,
        (JsonObject) config);
  }

  private static String stringOrNull(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof String)) {
      throw TaskException.invalid("route " + key + " must be a string");
    }
    return (String) value;
  }
}
