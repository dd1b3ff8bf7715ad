package dev.switchboard.routing;

import dev.switchboard.api.TaskType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An immutable snapshot of the routing table, indexed by task. Replaced whole when the operator
 * edits it, so readers never lock.
 */
public final class RoutingTable {

  private final List<Route> routes;
  private final Map<TaskType, List<Route>> primary = new EnumMap<>(TaskType.class);
  private final Map<TaskType, List<Route>> shadows = new EnumMap<>(TaskType.class);
  private final Map<TaskType, Integer> totalWeight = new EnumMap<>(TaskType.class);

  public RoutingTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
    for (TaskType task : TaskType.values()) {
      primary.put(task, new ArrayList<>());
      shadows.put(task, new ArrayList<>());
      totalWeight.put(task, 0);
    }
    for (Route route : this.routes) {
      if (route.shadow()) {
        shadows.get(route.task()).add(route);
      } else if (route.weight() > 0) {
        primary.get(route.task()).add(route);
        totalWeight.merge(route.task(), route.weight(), Integer::sum);
      }
    }
  }

  /** An empty table: every task falls back to the plugins that serve it. */
  public static RoutingTable empty() {
    return new RoutingTable(List.of());
  }

  /** Every route. */
  public List<Route> routes() {
    return routes;
  }

  /**
   * Picks the route for a request, weighted among the task's primary routes whose plugin is
   * serving.
   *
   * @param task the task
   * @param plugins which plugins are up
   * @return the route, or empty when none is configured and serving
   */
  public Optional<Route> select(TaskType task, PluginDirectory plugins) {
    List<Route> candidates = primary.get(task);
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    int total = totalWeight.get(task);
    int pick = candidates.size() == 1 ? 0 : ThreadLocalRandom.current().nextInt(total);
    int index = 0;
    for (int i = 0; i < candidates.size(); i++) {
      pick -= candidates.get(i).weight();
      if (pick < 0) {
        index = i;
        break;
      }
    }
    // Prefer the weighted choice; fall over to the next serving route rather than fail.
    for (int i = 0; i < candidates.size(); i++) {
      Route route = candidates.get((index + i) % candidates.size());
      if (plugins.isServing(route.pluginId())) {
        return Optional.of(route);
      }
    }
    return Optional.of(candidates.get(index));
  }

  /** The shadow routes of a task. */
  public List<Route> shadows(TaskType task) {
    return shadows.get(task);
  }

  /** The route configured for a plugin and task, if any, to find its model and settings. */
  public Optional<Route> routeFor(TaskType task, String pluginId) {
    return primary.get(task).stream().filter(r -> r.pluginId().equals(pluginId)).findFirst();
  }
}
