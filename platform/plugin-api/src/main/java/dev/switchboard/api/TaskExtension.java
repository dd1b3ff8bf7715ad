package dev.switchboard.api;

import org.pf4j.ExtensionPoint;

/**
 * The common root of every Switchboard extension point. A plugin contributes extensions by
 * annotating implementations with {@code @org.pf4j.Extension}.
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public interface TaskExtension extends ExtensionPoint {

  /**
   * The extension's own name, which a route may use to pick one extension when a plugin contributes
   * several of the same type.
   *
   * @return a short stable name; by default the simple class name
   */
  default String name() {
    return getClass().getSimpleName();
  }
}
