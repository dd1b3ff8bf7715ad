package dev.switchboard;

import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;

/**
 * Which Vert.x metrics the server keeps: HTTP by route template (bounded label values), pools, and
 * no event-bus metrics. Vert.x looks their meters up in the registry on every message, which cost
 * the routed request path several per cent; {@code switchboard_plugin_requests} (per plugin, task
 * and outcome) already says what the bus carries.
 */
final class MetricsSetup {

  private MetricsSetup() {}

  static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .setLabels(
            EnumSet.of(
                Label.HTTP_METHOD,
                Label.HTTP_CODE,
                Label.HTTP_ROUTE,
                Label.POOL_TYPE,
                Label.POOL_NAME));
  }
}
