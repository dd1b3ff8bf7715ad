package dev.switchboard.testkit.models;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.model.ClassifierModelHandle;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A stand-in for a trained classifier. By default a label scores by how often its name (or, for
 * {@code snake_case} names, any of its words) occurs in the text, turned into probabilities by a
 * softmax, so {@code "refund please"} leans to a label named {@code refund}. Tests that need exact
 * scores script them with {@link #scorer(Function)}. Deterministic.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class FakeClassifierModel implements ClassifierModelHandle {

  private final String name;
  private final List<String> labels;
  private volatile int version = 1;
  private volatile Function<String, double[]> scorer;
  private final AtomicInteger classifiedTexts = new AtomicInteger();

  private FakeClassifierModel(String name, List<String> labels) {
    this.name = Objects.requireNonNull(name, "name");
    if (labels.size() < 2) {
      throw new IllegalArgumentException("a classifier needs at least 2 labels");
    }
    this.labels = List.copyOf(labels);
    this.scorer = this::wordScores;
  }

  /**
   * Creates a fake at version 1.
   *
   * @param name the name the catalog lists it under
   * @param labels at least two labels
   * @return a new fake
   */
  public static FakeClassifierModel named(String name, String... labels) {
    return new FakeClassifierModel(name, List.of(labels));
  }

  /**
   * Sets the version the handle reports.
   *
   * @param version at least 1
   * @return this fake
   */
  public FakeClassifierModel version(int version) {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
    this.version = version;
    return this;
  }

  /**
   * Replaces the default scoring.
   *
   * @param scorer raw scores per label (in {@link #labels()} order) for a text; a softmax turns
   *     them into probabilities
   * @return this fake
   */
  public FakeClassifierModel scorer(Function<String, double[]> scorer) {
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    return this;
  }

  /**
   * How many texts this fake has classified.
   *
   * @return a count
   */
  public int classifiedTexts() {
    return classifiedTexts.get();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int version() {
    return version;
  }

  @Override
  public List<String> labels() {
    return labels;
  }

  @Override
  public Future<List<Classification>> classify(List<String> texts) {
    try {
      List<Classification> out = new ArrayList<>(texts.size());
      for (String text : texts) {
        out.add(classify(text));
      }
      return Future.succeededFuture(out);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Classification classify(String text) {
    classifiedTexts.incrementAndGet();
    double[] raw = scorer.apply(Objects.requireNonNull(text, "text"));
    if (raw.length != labels.size()) {
      throw new IllegalStateException(
          "the scorer gave " + raw.length + " scores for " + labels.size() + " labels");
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double r : raw) {
      max = Math.max(max, r);
    }
    double sum = 0;
    double[] p = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      p[i] = Math.exp(raw[i] - max);
      sum += p[i];
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    int best = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
      scores.put(labels.get(i), p[i]);
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return new Classification(labels.get(best), p[best], scores);
  }

  private double[] wordScores(String text) {
    String lower = " " + text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ") + " ";
    double[] s = new double[labels.size()];
    for (int i = 0; i < s.length; i++) {
      for (String word : labels.get(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (!word.isEmpty() && lower.contains(" " + word + " ")) {
          s[i] += 2;
        }
      }
    }
    return s;
  }
}
