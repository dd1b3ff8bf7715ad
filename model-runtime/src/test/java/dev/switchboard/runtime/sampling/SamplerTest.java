package dev.switchboard.runtime.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SamplerTest {
  static Sampling sampling(double temp, int k, double p, double rep, long seed) {
    return new Sampling(temp <= 0, temp, k, p, rep, 10, List.of(), seed);
  }

  @Test
  void heapTopKMatchesSorting() {
    Random r = new Random(3);
    double[] p = new double[5000];
    for (int i = 0; i < p.length; i++) {
      p[i] = r.nextInt(50); // many ties
    }
    int[] expected =
        IntStream.range(0, p.length)
            .boxed()
            .sorted((a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b))
            .limit(37)
            .mapToInt(Integer::intValue)
            .toArray();
    assertArrayEquals(expected, Sampler.topK(p, 37));
  }

  @Test
  void topKAndTopPRestrictTheDraws() {
    float[] logits = new float[1000];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (-i * 0.01);
    }
    Set<Integer> seen = new HashSet<>();
    Sampler s = new Sampler(sampling(1.0, 5, 1.0, 1.0, 1), 1000, new int[0]);
    for (int i = 0; i < 500; i++) {
      seen.add(s.next(logits.clone()));
    }
    assertEquals(Set.of(0, 1, 2, 3, 4), seen);
    // top-p 0.3 over a peaked distribution keeps only the head
    float[] peaked = {5f, 4f, 0f, 0f, 0f, 0f};
    Set<Integer> head = new HashSet<>();
    Sampler sp = new Sampler(sampling(1.0, 0, 0.3, 1.0, 2), 6, new int[0]);
    for (int i = 0; i < 200; i++) {
      head.add(sp.next(peaked.clone()));
    }
    assertEquals(Set.of(0), head);
  }

  @Test
  void seededAndGreedyAreReproducibleAndPenaltyApplies() {
    float[] logits = {1f, 3f, 2f};
    assertEquals(1, new Sampler(sampling(0, 0, 1, 1, 0), 3, new int[0]).next(logits.clone()));
    // a penalty of 2 on token 1 (seen in the prompt) halves its positive logit: 1.5 < 2
    assertEquals(2, new Sampler(sampling(0, 0, 1, 2.0, 0), 3, new int[] {1}).next(logits.clone()));
    int[] a = new int[50];
    int[] b = new int[50];
    Sampler s1 = new Sampler(sampling(1.0, 0, 1.0, 1.0, 9), 3, new int[0]);
    Sampler s2 = new Sampler(sampling(1.0, 0, 1.0, 1.0, 9), 3, new int[0]);
    for (int i = 0; i < 50; i++) {
      a[i] = s1.next(logits.clone());
      b[i] = s2.next(logits.clone());
    }
    assertArrayEquals(a, b);
    assertTrue(IntStream.of(a).distinct().count() > 1);
  }
}
