package dev.switchboard;

import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;

/**
 * Which Vert.x metrics the server keeps, with bounded label values: HTTP by route template, event
 * bus by address — except the per-request stream, cancel and reply addresses, which are folded into
 * one value each so that every request does not mint a new time series.
 */
final class MetricsSetup {

  private MetricsSetup() {}

  static MicrometerMetricsOptions options() {
    MicrometerMetricsOptions options =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setLabels(
                EnumSet.of(
                    Label.HTTP_METHOD,
                    Label.HTTP_CODE,
                    Label.HTTP_ROUTE,
                    Label.EB_ADDRESS,
                    Label.EB_FAILURE,
                    Label.POOL_TYPE,
                    Label.POOL_NAME));
    fold(options, "sb\\.stream\\..*", "sb.stream.*");
    fold(options, "sb\\.cancel\\..*", "sb.cancel.*");
    fold(options, "sb\\.plugin\\..*@.*", "sb.plugin.*@thread");
    fold(options, "__vertx\\.reply\\..*", "__vertx.reply.*");
    return options;
  }

  private static void fold(MicrometerMetricsOptions options, String regex, String alias) {
    options.addLabelMatch(
        new Match()
            .setDomain(MetricsDomain.EVENT_BUS)
            .setLabel(Label.EB_ADDRESS.toString())
            .setType(MatchType.REGEX)
            .setValue(regex)
            .setAlias(alias));
  }
}
