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

  /**
   * Where to send a task for the plugin from the calling thread: the plugin's endpoint on this
   * event loop when it has one, else its shared address, which the bus balances over all of them.
   */
  default String addressFor(String pluginId, TaskType task) {
    return Addresses.plugin(pluginId, task);
  }

  /** The started plugins that serve a task, built-in ones first, then by id. */
  List<String> servingProviders(TaskType task);
}
