package dev.switchboard.runtime.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Embedded examples with integer class ids into {@link #labels()}.
 *
 * @param labels class names; ids index into this list
 * @param x one embedding per example, all of the same length
 * @param y class id per example
 */
public record TrainingData(List<String> labels, float[][] x, int[] y) {

  /** Validates shapes and ids. */
  public TrainingData {
    labels = List.copyOf(labels);
    if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " embeddings but " + y.length + " labels");
    }
    if (labels.size() < 2) {
      throw new IllegalArgumentException("a classifier needs at least 2 labels");
    }
    int dim = x.length == 0 ? 0 : x[0].length;
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != dim) {
        throw new IllegalArgumentException(
            "example " + i + " has " + x[i].length + " dimensions, expected " + dim);
      }
      if (y[i] < 0 || y[i] >= labels.size()) {
        throw new IllegalArgumentException("example " + i + " has label id " + y[i]);
      }
    }
  }

  /** Number of examples. */
  public int size() {
    return y.length;
  }

  /** Embedding size (0 when empty). */
  public int dimension() {
    return x.length == 0 ? 0 : x[0].length;
  }

  /** The examples at the given positions. */
  public TrainingData subset(int[] idx) {
    float[][] sx = new float[idx.length][];
    int[] sy = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      sx[i] = x[idx[i]];
      sy[i] = y[idx[i]];
    }
    return new TrainingData(labels, sx, sy);
  }

  /**
   * Splits off {@code fraction} of each class (at least one example of every class with two or
   * more), deterministically for a seed. Returns {train, held-out}.
   */
  public TrainingData[] stratifiedSplit(double fraction, long seed) {
    int[][] parts = stratifiedIndices(y, labels.size(), fraction, seed);
    return new TrainingData[] {subset(parts[0]), subset(parts[1])};
  }

  /** Index form of {@link #stratifiedSplit}: {train positions, held-out positions}, each sorted. */
  public static int[][] stratifiedIndices(int[] y, int classes, double fraction, long seed) {
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < y.length; i++) {
      byClass.get(y[i]).add(i);
    }
    Random rnd = new Random(seed);
    List<Integer> train = new ArrayList<>();
    List<Integer> held = new ArrayList<>();
    for (List<Integer> members : byClass) {
      Collections.shuffle(members, rnd);
      int n = (int) Math.round(members.size() * fraction);
      if (n == 0 && fraction > 0 && members.size() >= 2) {
        n = 1;
      }
      held.addAll(members.subList(0, n));
      train.addAll(members.subList(n, members.size()));
    }
    int[] t = train.stream().mapToInt(Integer::intValue).toArray();
    int[] h = held.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(t);
    Arrays.sort(h);
    return new int[][] {t, h};
  }
}
