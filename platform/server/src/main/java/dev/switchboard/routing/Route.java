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

  /**
   * Reads the JSON form of {@code PUT /api/v1/routes}, whose field types the OpenAPI document has
   * checked; the constructor checks the values.
   */
  public static Route fromJson(JsonObject json) {
    return new Route(
        TaskType.fromWireName(json.getString("task")).orElse(null),
        json.getString("plugin"),
        json.getString("extension"),
        json.getString("model"),
        json.getInteger("weight", 100),
        json.getBoolean("shadow", false),
        json.getJsonObject("config"));
  }
}
