package dev.switchboard.api;

import java.time.Duration;

/**
 * Metrics a plugin may record. Names are prefixed with {@code switchboard_plugin_} and tagged with
 * the plugin id by the host, and appear at {@code GET /metrics}.
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public interface PluginMetrics {

  /**
   * Adds one to a counter.
   *
   * @param name a lowercase metric name such as {@code cache_hits}
   * @param tags alternating tag keys and values
   */
  void increment(String name, String... tags);

  /**
   * Records a duration in a timer.
   *
   * @param name a lowercase metric name such as {@code lookup}
   * @param duration the duration to record
   * @param tags alternating tag keys and values
   */
  void record(String name, Duration duration, String... tags);
}
