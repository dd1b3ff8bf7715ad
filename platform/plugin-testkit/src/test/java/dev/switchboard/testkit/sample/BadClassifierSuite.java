package dev.switchboard.testkit.sample;

import dev.switchboard.testkit.conformance.ClassifierConformance;

/** Run by {@code ConformanceSuitesTest}, not by Surefire: it must fail. */
public class BadClassifierSuite extends ClassifierConformance {
  @Override
  protected String extensionName() {
    return "bad";
  }
}
