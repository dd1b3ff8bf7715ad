package dev.switchboard.plugins.classifier;

import dev.switchboard.testkit.PluginTestHost;
import dev.switchboard.testkit.conformance.ClassifierConformance;
import io.vertx.core.json.JsonObject;

/** The suite against a configured zero-shot default classifier (the suite names none). */
class LabelClassifierConformanceTest extends ClassifierConformance {
  @Override
  protected PluginTestHost createHost() {
    return PluginTestHost.builder()
        .pluginId("classifier")
        .config(
            new JsonObject()
                .put("default", "tone")
                .put(
                    "classifiers",
                    new JsonObject()
                        .put(
                            "tone",
                            new JsonObject()
                                .put(
                                    "labels",
                                    new JsonObject()
                                        .put("greeting", "hello hi there")
                                        .put("question", "what is the capital")
                                        .put("complaint", "invoice overdue refund")))))
        .build();
  }
}
