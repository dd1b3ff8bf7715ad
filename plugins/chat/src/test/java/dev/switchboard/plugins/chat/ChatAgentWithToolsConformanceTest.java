package dev.switchboard.plugins.chat;

import dev.switchboard.testkit.PluginTestHost;
import dev.switchboard.testkit.conformance.ChatHandlerConformance;
import java.time.Duration;

/**
 * The same contract with a plugin tool on offer, which the model never calls: the answer's text is
 * then held back until the step turns out to be the answer, and must still stream, stop when
 * cancelled and add up to the final message.
 */
class ChatAgentWithToolsConformanceTest extends ChatHandlerConformance {
  @Override
  protected PluginTestHost createHost() {
    PluginTestHost host = PluginTestHost.builder().pluginId("chat").build();
    host.tools().add(new ChatAgentTest.Weather());
    host.models().chatModel().tokenDelay(Duration.ofMillis(5));
    return host;
  }
}
