package dev.switchboard.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

  // expected a a b b c, predicted a b b b a:
  //   a: tp 1, predicted 2, support 2 -> P 1/2, R 1/2, F1 1/2
  //   b: tp 2, predicted 3, support 2 -> P 2/3, R 1,   F1 4/5
  //   c: tp 0, predicted 0, support 1 -> P 0,   R 0,   F1 0
  @Test
  void handComputedExample() {
    JsonObject m =
        ClassificationMetrics.compute(
            List.of("a", "a", "b", "b", "c"), List.of("a", "b", "b", "b", "a"));
    assertEquals(0.6, m.getDouble("accuracy"), 1e-12);
    assertEquals((0.5 + 0.8 + 0) / 3, m.getDouble("macroF1"), 1e-12);
    assertEquals((0.5 + 2.0 / 3 + 0) / 3, m.getDouble("macroPrecision"), 1e-12);
    assertEquals((0.5 + 1 + 0) / 3, m.getDouble("macroRecall"), 1e-12);
    JsonObject b = m.getJsonObject("perClass").getJsonObject("b");
    assertEquals(2.0 / 3, b.getDouble("precision"), 1e-12);
    assertEquals(1.0, b.getDouble("recall"), 1e-12);
    assertEquals(0.8, b.getDouble("f1"), 1e-12);
    assertEquals(2, b.getLong("support"));
    assertEquals(
        new JsonArray(List.of("a", "b", "c")), m.getJsonObject("confusion").getJsonArray("labels"));
    assertEquals(
        new JsonArray()
            .add(new JsonArray(List.of(1L, 1L, 0L)))
            .add(new JsonArray(List.of(0L, 2L, 0L)))
            .add(new JsonArray(List.of(1L, 0L, 0L))),
        m.getJsonObject("confusion").getJsonArray("matrix"));
  }

  @Test
  void predictedLabelsOutsideTheExpectedOnesAreClassesTooAndMissingAnswersAreWrong() {
    JsonObject m = ClassificationMetrics.compute(List.of("a", "a"), Arrays.asList("z", null));
    assertEquals(0.0, m.getDouble("accuracy"));
    assertEquals(0.0, m.getDouble("macroF1"));
    assertEquals(2, m.getJsonObject("perClass").size());
  }
}
