package dev.switchboard.plugins.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.switchboard.api.classify.Classification;
import dev.switchboard.testkit.PluginTest;
import dev.switchboard.testkit.PluginTestHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@PluginTest(pluginId = "hello")
class HelloClassifierTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Hello there          | greeting | 0.95",
        "hi!                  | greeting | 0.95",
        "  Good morning, team | greeting | 0.95",
        "Well, hey you        | greeting | 0.7",
        "HOWDY                | greeting | 0.95",
        "history of Hitchcock | other    | 0.95",
        "What is 2 + 2?       | other    | 0.95",
        "good news            | other    | 0.95",
        "''                   | other    | 0.95"
      })
  void labelsGreetings(String text, String label, double score) {
    Classification c = HelloClassifier.classify(text);
    assertEquals(label, c.label(), text);
    assertEquals(score, c.score(), 1e-9, text);
    assertEquals(1.0, c.scores().get("greeting") + c.scores().get("other"), 1e-9);
  }

  @Test
  void classifiesABatchInOrderThroughTheHost(PluginTestHost host) {
    List<Classification> results = host.classify("hey", "weather today?", "oh, hello").result();

    assertEquals(
        List.of("greeting", "other", "greeting"),
        results.stream().map(Classification::label).toList());
    assertEquals(Map.of("greeting", 0.95, "other", 0.05), results.get(0).scores());
  }

  @Test
  void sharesItsResultsToStayAllocationLight() {
    assertSame(HelloClassifier.classify("hi"), HelloClassifier.classify("hello you"));
  }
}
