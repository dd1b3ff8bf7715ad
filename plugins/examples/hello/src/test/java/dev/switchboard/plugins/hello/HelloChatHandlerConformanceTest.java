package dev.switchboard.plugins.hello;

import dev.switchboard.testkit.PluginTestHost;
import dev.switchboard.testkit.conformance.ChatHandlerConformance;

class HelloChatHandlerConformanceTest extends ChatHandlerConformance {
  @Override
  protected PluginTestHost createHost() {
    return PluginTestHost.builder().pluginId("hello").build();
  }
}
