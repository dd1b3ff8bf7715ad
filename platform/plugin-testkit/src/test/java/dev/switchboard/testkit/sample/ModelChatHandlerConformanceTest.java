package dev.switchboard.testkit.sample;

import dev.switchboard.testkit.PluginTestHost;
import dev.switchboard.testkit.conformance.ChatHandlerConformance;
import java.time.Duration;

/** Streams from the fake model with a delay between pieces, so cancellation races for real. */
class ModelChatHandlerConformanceTest extends ChatHandlerConformance {
  @Override
  protected PluginTestHost createHost() {
    PluginTestHost host = PluginTestHost.create();
    host.models().chatModel().tokenDelay(Duration.ofMillis(5));
    return host;
  }

  @Override
  protected String extensionName() {
    return "model";
  }
}
