package dev.switchboard.plugins;

import dev.switchboard.api.TaskExtension;
import dev.switchboard.api.TaskType;
import dev.switchboard.api.agent.Guard;
import dev.switchboard.api.agent.Tool;
import dev.switchboard.api.chat.ChatHandler;
import dev.switchboard.api.classify.Classifier;
import dev.switchboard.api.retrieve.Retriever;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.pf4j.PluginManager;

/** The extension instances of one started plugin, by task type. */
final class LoadedExtensions {

  private final Map<TaskType, List<TaskExtension>> byTask = new EnumMap<>(TaskType.class);
  private final List<Tool> tools;
  private final List<Guard> guards;

  private LoadedExtensions(
      Map<TaskType, List<TaskExtension>> byTask, List<Tool> tools, List<Guard> guards) {
    this.byTask.putAll(byTask);
    this.tools = List.copyOf(tools);
    this.guards = List.copyOf(guards);
  }

  /**
   * Instantiates every extension listed in a started plugin's index.
   *
   * @throws IllegalStateException naming the extension and cause when one cannot be created
   */
  static LoadedExtensions of(PluginManager manager, String pluginId) {
    Map<TaskType, List<TaskExtension>> byTask = new EnumMap<>(TaskType.class);
    List<Tool> tools = new ArrayList<>();
    List<Guard> guards = new ArrayList<>();
    ClassLoader loader = manager.getPluginClassLoader(pluginId);
    for (String className : new TreeSet<>(manager.getExtensionClassNames(pluginId))) {
      Object extension = instantiate(manager, loader, className);
      if (extension instanceof ChatHandler h) {
        byTask.computeIfAbsent(TaskType.CHAT, t -> new ArrayList<>()).add(h);
      }
      if (extension instanceof Classifier c) {
        byTask.computeIfAbsent(TaskType.CLASSIFY, t -> new ArrayList<>()).add(c);
      }
      if (extension instanceof Retriever r) {
        byTask.computeIfAbsent(TaskType.RETRIEVE, t -> new ArrayList<>()).add(r);
      }
      if (extension instanceof Tool t) {
        tools.add(t);
      }
      if (extension instanceof Guard g) {
        guards.add(g);
      }
    }
    return new LoadedExtensions(byTask, tools, guards);
  }

  private static Object instantiate(PluginManager manager, ClassLoader loader, String className) {
    Class<?> type;
    try {
      type = loader.loadClass(className);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("extension " + className + " cannot be loaded: " + e, e);
    }
    try {
      return manager.getExtensionFactory().create(type);
    } catch (RuntimeException | LinkageError e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new IllegalStateException(
          "extension "
              + className
              + " failed to initialise: "
              + root.getClass().getSimpleName()
              + ": "
              + root.getMessage(),
          e);
    }
  }

  /** The extensions serving a task, in discovery order. */
  List<TaskExtension> forTask(TaskType task) {
    return byTask.getOrDefault(task, List.of());
  }

  List<Tool> tools() {
    return tools;
  }

  List<Guard> guards() {
    return guards;
  }

  /** Descriptions for the admin API. */
  List<PluginInfo.ExtensionInfo> describe() {
    List<PluginInfo.ExtensionInfo> out = new ArrayList<>();
    byTask.forEach(
        (task, list) ->
            list.forEach(
                e -> out.add(new PluginInfo.ExtensionInfo(task, kind(task), safeName(e)))));
    tools.forEach(t -> out.add(new PluginInfo.ExtensionInfo(null, "Tool", safeName(t))));
    guards.forEach(g -> out.add(new PluginInfo.ExtensionInfo(null, "Guard", safeName(g))));
    return out;
  }

  private static String kind(TaskType task) {
    return switch (task) {
      case CHAT -> "ChatHandler";
      case CLASSIFY -> "Classifier";
      case RETRIEVE -> "Retriever";
    };
  }

  static String safeName(TaskExtension extension) {
    try {
      String name = extension.name();
      return name == null ? extension.getClass().getSimpleName() : name;
    } catch (RuntimeException e) {
      return extension.getClass().getSimpleName();
    }
  }
}
