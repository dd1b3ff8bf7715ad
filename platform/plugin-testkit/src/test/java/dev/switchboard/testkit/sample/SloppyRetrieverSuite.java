package dev.switchboard.testkit.sample;

import dev.switchboard.testkit.conformance.RetrieverConformance;

/** Run by {@code ConformanceSuitesTest}, not by Surefire: it must fail. */
public class SloppyRetrieverSuite extends RetrieverConformance {
  @Override
  protected String extensionName() {
    return "sloppy";
  }
}
