package dev.switchboard.testkit.sample;

import dev.switchboard.testkit.conformance.ChatHandlerConformance;

class EchoChatHandlerConformanceTest extends ChatHandlerConformance {
  @Override
  protected String extensionName() {
    return "echo";
  }
}
