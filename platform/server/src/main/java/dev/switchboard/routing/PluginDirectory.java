package dev.switchboard.routing;

import dev.switchboard.api.TaskType;
import java.util.List;

/** What the router needs to know about plugins: which exist, which serve what, which are up. */
public interface PluginDirectory {

  /** Whether a plugin with this id is installed (in any state). */
  boolean exists(String pluginId);

  /** Whether the plugin contributes an extension for the task (known once it has loaded). */
  boolean provides(String pluginId, TaskType task);

  /** Whether the plugin is started and accepting requests. */
  boolean isServing(String pluginId);

  /** The started plugins that serve a task, built-in ones first, then by id. */
  List<String> servingProviders(TaskType task);
}
