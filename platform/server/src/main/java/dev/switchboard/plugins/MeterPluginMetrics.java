package dev.switchboard.plugins;

import dev.switchboard.api.PluginMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;

/** Plugin metrics on the host's Micrometer registry, prefixed and tagged with the plugin id. */
final class MeterPluginMetrics implements PluginMetrics {

  private final MeterRegistry registry;
  private final String pluginId;

  MeterPluginMetrics(MeterRegistry registry, String pluginId) {
    this.registry = registry;
    this.pluginId = pluginId;
  }

  @Override
  public void increment(String name, String... tags) {
    registry.counter(metricName(name), tags(tags)).increment();
  }

  @Override
  public void record(String name, Duration duration, String... tags) {
    registry.timer(metricName(name), tags(tags)).record(duration);
  }

  private static String metricName(String name) {
    if (name == null || !name.matches("[a-z][a-z0-9_]{0,63}")) {
      throw new IllegalArgumentException("metric names are lowercase [a-z][a-z0-9_]*, got " + name);
    }
    return "switchboard_plugin_" + name;
  }

  private Tags tags(String... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("tags come in key/value pairs");
    }
    return Tags.of(keyValues).and("plugin", pluginId);
  }
}
