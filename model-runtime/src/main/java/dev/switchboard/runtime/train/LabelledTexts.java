package dev.switchboard.runtime.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Texts with integer class ids into {@link #labels()}: what {@link EncoderFineTuner} trains on.
 *
 * @param labels class names; ids index into this list
 * @param texts one text per example
 * @param y class id per example
 */
public record LabelledTexts(List<String> labels, List<String> texts, int[] y) {

  /** Validates sizes and ids. */
  public LabelledTexts {
    labels = List.copyOf(labels);
    texts = List.copyOf(texts);
    if (texts.size() != y.length) {
      throw new IllegalArgumentException(texts.size() + " texts but " + y.length + " labels");
    }
    if (labels.size() < 2) {
      throw new IllegalArgumentException("a classifier needs at least 2 labels");
    }
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0 || y[i] >= labels.size()) {
        throw new IllegalArgumentException("example " + i + " has label id " + y[i]);
      }
    }
  }

  /** Number of examples. */
  public int size() {
    return y.length;
  }

  /** The examples at the given positions. */
  public LabelledTexts subset(int[] idx) {
    List<String> t = new ArrayList<>(idx.length);
    int[] sy = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      t.add(texts.get(idx[i]));
      sy[i] = y[idx[i]];
    }
    return new LabelledTexts(labels, t, sy);
  }

  /**
   * Splits off {@code fraction} of each class, deterministically for a seed (as {@link
   * TrainingData#stratifiedSplit}). Returns {train, held-out}.
   */
  public LabelledTexts[] stratifiedSplit(double fraction, long seed) {
    int[][] parts = TrainingData.stratifiedIndices(y, labels.size(), fraction, seed);
    return new LabelledTexts[] {subset(parts[0]), subset(parts[1])};
  }
}
