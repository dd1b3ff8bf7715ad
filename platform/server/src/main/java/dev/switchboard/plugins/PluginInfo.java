package dev.switchboard.plugins;

import dev.switchboard.api.TaskType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/**
 * What the host knows about one installed plugin.
 *
 * @param id the plugin id
 * @param version its version, or null when its descriptor could not be read
 * @param description its description
 * @param requires its Plugin-Requires expression
 * @param path the jar, zip or folder it was loaded from
 * @param builtin whether it ships with the distribution (cannot be deleted)
 * @param state its state
 * @param error why it failed, or null
 * @param extensions its extensions, known once it has loaded
 */
public record PluginInfo(
    String id,
    String version,
    String description,
    String requires,
    Path path,
    boolean builtin,
    PluginState state,
    String error,
    List<ExtensionInfo> extensions) {

  /**
   * One extension of a plugin.
   *
   * @param task the task it serves, or null for tools and guards
   * @param kind the extension point, such as {@code ChatHandler}
   * @param name the extension's name
   */
  public record ExtensionInfo(TaskType task, String kind, String name) {
    JsonObject toJson() {
      return new JsonObject()
          .put("task", task == null ? null : task.wireName())
          .put("kind", kind)
          .put("name", name);
    }
  }

  /** A copy in another state. */
  public PluginInfo withState(PluginState newState, String newError) {
    return new PluginInfo(
        id, version, description, requires, path, builtin, newState, newError, extensions);
  }

  /** Whether it serves a task. */
  public boolean provides(TaskType task) {
    return extensions.stream().anyMatch(e -> e.task() == task);
  }

  /** The JSON form of {@code /api/v1/plugins}. */
  public JsonObject toJson() {
    JsonArray tasks = new JsonArray();
    for (TaskType task : TaskType.values()) {
      if (provides(task)) {
        tasks.add(task.wireName());
      }
    }
    JsonArray ext = new JsonArray();
    extensions.forEach(e -> ext.add(e.toJson()));
    return new JsonObject()
        .put("id", id)
        .put("version", version)
        .put("description", description)
        .put("requires", requires)
        .put("file", path == null ? null : path.getFileName().toString())
        .put("builtin", builtin)
        .put("state", state.name())
        .put("error", error)
        .put("tasks", tasks)
        .put("extensions", ext);
  }
}
