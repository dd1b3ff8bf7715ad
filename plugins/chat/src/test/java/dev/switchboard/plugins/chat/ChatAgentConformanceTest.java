package dev.switchboard.plugins.chat;

import dev.switchboard.testkit.PluginTestHost;
import dev.switchboard.testkit.conformance.ChatHandlerConformance;
import java.time.Duration;

/** Streams from the fake model with a delay between pieces, so cancellation races for real. */
class ChatAgentConformanceTest extends ChatHandlerConformance {
  @Override
  protected PluginTestHost createHost() {
    PluginTestHost host = PluginTestHost.builder().pluginId("chat").build();
    host.models().chatModel().tokenDelay(Duration.ofMillis(5));
    return host;
  }
}
