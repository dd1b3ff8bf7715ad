package dev.switchboard.testkit.sample;

import dev.switchboard.testkit.conformance.RetrieverConformance;

class MemoryRetrieverConformanceTest extends RetrieverConformance {
  @Override
  protected String extensionName() {
    return "MemoryRetriever";
  }
}
