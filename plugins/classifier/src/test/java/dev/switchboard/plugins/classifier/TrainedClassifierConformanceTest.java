package dev.switchboard.plugins.classifier;

import dev.switchboard.testkit.PluginTestHost;
import dev.switchboard.testkit.conformance.ClassifierConformance;
import dev.switchboard.testkit.models.FakeClassifierModel;
import dev.switchboard.testkit.models.FakeModelCatalog;
import io.vertx.core.json.JsonObject;

/** The suite against a trained classifier the host serves. */
class TrainedClassifierConformanceTest extends ClassifierConformance {
  @Override
  protected PluginTestHost createHost() {
    return PluginTestHost.builder()
        .pluginId("classifier")
        .models(
            new FakeModelCatalog()
                .add(FakeClassifierModel.named("intents", "hello", "refund", "capital")))
        .config(new JsonObject().put("default", "intents"))
        .build();
  }
}
