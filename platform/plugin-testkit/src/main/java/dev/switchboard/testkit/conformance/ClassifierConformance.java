package dev.switchboard.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.classify.ClassifyRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The behaviour the server expects of every {@link dev.switchboard.api.classify.Classifier}. Extend
 * it in your tests:
 *
 * <pre>{@code
 * class MyClassifierConformanceTest extends ClassifierConformance {}
 * }</pre>
 *
 * <p>The order check assumes the classifier is deterministic: a text classified alone gets the same
 * label and score as in a batch.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public abstract class ClassifierConformance extends ExtensionConformance {

  private static final double EPSILON = 1e-6;

  /** Creates the suite; JUnit does this through your subclass. */
  protected ClassifierConformance() {}

  /**
   * Texts to classify; the more varied, the better the order check.
   *
   * @return a few texts by default
   */
  protected List<String> sampleInputs() {
    return List.of(
        "Hello there!",
        "What is the capital of France?",
        "The invoice is overdue and I want a refund.",
        "hi",
        "Thanks, that was really helpful.");
  }

  private List<Classification> classify(List<String> inputs) {
    return task().classify(new ClassifyRequest(null, inputs, null)).result();
  }

  /** One classification per input, in input order. */
  @Test
  public void returnsOneResultPerInputInOrder() {
    List<String> inputs = sampleInputs();
    List<Classification> batch = classify(inputs);
    assertEquals(inputs.size(), batch.size(), "number of classifications");
    for (int i = 0; i < inputs.size(); i++) {
      Classification alone = classify(List.of(inputs.get(i))).get(0);
      assertEquals(alone.label(), batch.get(i).label(), "label of input " + i + " in the batch");
      assertEquals(alone.score(), batch.get(i).score(), EPSILON, "score of input " + i);
    }
  }

  /** Every score, of the winner and of each label, lies in [0, 1]. */
  @Test
  public void scoresLieBetweenZeroAndOne() {
    for (Classification c : classify(sampleInputs())) {
      assertInUnitInterval(c.label(), c.score());
      assertFalse(c.scores().isEmpty(), "scores is empty for " + c);
      c.scores().forEach(this::assertInUnitInterval);
    }
  }

  /** The label is one of the scored labels, with the top score. */
  @Test
  public void labelIsTheBestScoredLabel() {
    for (Classification c : classify(sampleInputs())) {
      Map<String, Double> scores = c.scores();
      assertTrue(scores.containsKey(c.label()), "label " + c.label() + " is not in " + scores);
      assertEquals(scores.get(c.label()), c.score(), EPSILON, "score of the label in " + c);
      for (double other : scores.values()) {
        assertTrue(other <= c.score() + EPSILON, "a label scores higher than the winner in " + c);
      }
    }
  }

  /** The classifier returns its future without holding the event loop. */
  @Test
  public void doesNotBlockTheEventLoop() {
    ClassifyRequest request = new ClassifyRequest(null, sampleInputs(), null);
    task().classify(request);
    assertEventLoopNotBlocked(task().classify(request));
  }

  private void assertInUnitInterval(String label, double score) {
    assertTrue(
        score >= 0 && score <= 1, "score " + score + " of label " + label + " is not in [0, 1]");
  }
}
