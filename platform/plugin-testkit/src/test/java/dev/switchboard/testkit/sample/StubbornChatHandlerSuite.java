package dev.switchboard.testkit.sample;

import dev.switchboard.testkit.conformance.ChatHandlerConformance;

/** Run by {@code ConformanceSuitesTest}, not by Surefire: it must fail. */
public class StubbornChatHandlerSuite extends ChatHandlerConformance {
  @Override
  protected String extensionName() {
    return "stubborn";
  }
}
