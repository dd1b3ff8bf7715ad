package dev.switchboard.testkit.sample;

import dev.switchboard.testkit.conformance.ClassifierConformance;

class LengthClassifierConformanceTest extends ClassifierConformance {
  @Override
  protected String extensionName() {
    return "length";
  }
}
