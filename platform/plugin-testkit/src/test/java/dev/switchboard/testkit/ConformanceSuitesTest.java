package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.switchboard.testkit.sample.BadClassifierSuite;
import dev.switchboard.testkit.sample.SloppyRetrieverSuite;
import dev.switchboard.testkit.sample.StubbornChatHandlerSuite;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** The suites pass for well-behaved extensions (see the sample tests) and catch broken ones. */
class ConformanceSuitesTest {

  private static Set<String> failedTests(Class<?> suite) {
    Events tests =
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(suite)).execute().testEvents();
    Set<String> failed = new TreeSet<>();
    for (Event event : tests.failed().list()) {
      failed.add(event.getTestDescriptor().getDisplayName().replace("()", ""));
    }
    return failed;
  }

  @Test
  void chatSuiteCatchesAHandlerThatIgnoresCancellationAndEmptyInput() {
    assertEquals(
        Set.of("stopsWhenCancelled", "stopsWhenTheDeadlineHasPassed", "rejectsAnEmptyConversation"),
        failedTests(StubbornChatHandlerSuite.class));
  }

  @Test
  void classifierSuiteCatchesBadScoresLabelsAndOrder() {
    assertEquals(
        Set.of(
            "returnsOneResultPerInputInOrder",
            "scoresLieBetweenZeroAndOne",
            "labelIsTheBestScoredLabel"),
        failedTests(BadClassifierSuite.class));
  }

  @Test
  void retrieverSuiteCatchesCountsOrderOffsetsFiltersAndStaleDocuments() {
    assertEquals(
        Set.of(
            "ingestCountsTheDocuments",
            "findsTheDocumentAQueryParaphrases",
            "returnsAtMostTopKBestFirst",
            "chunksPointIntoTheirDocument",
            "appliesMetadataFilters",
            "reingestingAnIdReplacesTheDocument"),
        failedTests(SloppyRetrieverSuite.class));
  }
}
