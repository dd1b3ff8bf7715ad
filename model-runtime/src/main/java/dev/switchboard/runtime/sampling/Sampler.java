package dev.switchboard.runtime.sampling;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits: repetition penalty, then temperature, top-k, top-p, then a draw
 * (the order Hugging Face's generate uses). One instance per sequence; its random stream is seeded,
 * so a seeded request is reproducible whatever else shares the batch.
 */
public final class Sampler {
  private final Sampling s;
  private final SplittableRandom random;
  private final boolean[] seen;

  /** Creates a sampler; {@code history} (prompt ids) feeds the repetition penalty. */
  public Sampler(Sampling s, int vocab, int[] history) {
    this.s = s;
    this.random = new SplittableRandom(s.seed());
    this.seen = new boolean[vocab];
    for (int t : history) {
      if (t >= 0 && t < vocab) {
        seen[t] = true;
      }
    }
  }

  /** Chooses a token and records it for the repetition penalty. Modifies {@code logits}. */
  public int next(float[] logits) {
    if (s.repetitionPenalty() != 1.0) {
      float p = (float) s.repetitionPenalty();
      for (int i = 0; i < logits.length && i < seen.length; i++) {
        if (seen[i]) {
          logits[i] = logits[i] > 0 ? logits[i] / p : logits[i] * p;
        }
      }
    }
    int tok = s.greedy() ? argMax(logits) : draw(logits);
    if (tok < seen.length) {
      seen[tok] = true;
    }
    return tok;
  }

  /** Index of the largest logit (lowest index on ties). */
  public static int argMax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  private int draw(float[] logits) {
    int n = logits.length;
    double invT = 1.0 / s.temperature();
    float max = logits[argMax(logits)];
    double[] p = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      p[i] = Math.exp((logits[i] - max) * invT);
      sum += p[i];
    }
    // candidates sorted by probability; only needed when top-k or top-p restricts them
    int[] cand;
    if (s.topK() > 0 && s.topK() < n) {
      int[] top = topK(p, s.topK());
      double kept = 0;
      for (int c : top) {
        kept += p[c];
      }
      // top-p then acts on the distribution renormalised over the k survivors, as in HF
      cand = nucleus(top, p, kept);
    } else if (s.topP() < 1.0) {
      cand = nucleus(sortedCandidates(p, sum), p, sum);
    } else {
      cand = null;
    }
    if (cand == null) {
      double r = random.nextDouble() * sum;
      for (int i = 0; i < n; i++) {
        r -= p[i];
        if (r <= 0) {
          return i;
        }
      }
      return n - 1;
    }
    double mass = 0;
    for (int c : cand) {
      mass += p[c];
    }
    double r = random.nextDouble() * mass;
    for (int c : cand) {
      r -= p[c];
      if (r <= 0) {
        return c;
      }
    }
    return cand[cand.length - 1];
  }

  /**
   * Keeps the shortest prefix of {@code cand} (sorted by falling probability) whose share of the
   * total mass reaches top-p; everything when top-p is off.
   */
  private int[] nucleus(int[] cand, double[] p, double sum) {
    if (s.topP() >= 1.0) {
      return cand;
    }
    double cum = 0;
    int k = 0;
    while (k < cand.length) {
      cum += p[cand[k]] / sum;
      k++;
      if (cum >= s.topP()) {
        break;
      }
    }
    return Arrays.copyOf(cand, k);
  }

  /**
   * The k most likely ids by falling probability (ties by lower id), with a size-k min-heap: O(V
   * log k) instead of sorting a 150k vocabulary for every token.
   */
  static int[] topK(double[] p, int k) {
    int[] heap = new int[k];
    int size = 0;
    for (int i = 0; i < p.length; i++) {
      if (size < k) {
        heap[size] = i;
        siftUp(heap, size++, p);
      } else if (worse(heap[0], i, p)) {
        heap[0] = i;
        siftDown(heap, size, p);
      }
    }
    Integer[] boxed = new Integer[size];
    for (int i = 0; i < size; i++) {
      boxed[i] = heap[i];
    }
    Arrays.sort(boxed, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      out[i] = boxed[i];
    }
    return out;
  }

  /** Whether id a ranks below id b (lower probability, or equal and higher id). */
  private static boolean worse(int a, int b, double[] p) {
    return p[a] < p[b] || (p[a] == p[b] && a > b);
  }

  private static void siftUp(int[] h, int i, double[] p) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!worse(h[i], h[parent], p)) {
        break;
      }
      int t = h[i];
      h[i] = h[parent];
      h[parent] = t;
      i = parent;
    }
  }

  private static void siftDown(int[] h, int size, double[] p) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      int r = l + 1;
      int m = i;
      if (l < size && worse(h[l], h[m], p)) {
        m = l;
      }
      if (r < size && worse(h[r], h[m], p)) {
        m = r;
      }
      if (m == i) {
        return;
      }
      int t = h[i];
      h[i] = h[m];
      h[m] = t;
      i = m;
    }
  }

  /**
   * Token ids by falling probability (ties by id). Sorting all of a 150k vocabulary costs ~10 ms,
   * so first try the tokens within a factor 1e-4 of the best: if they already hold the top-p mass
   * (and at least top-k of them exist) the nucleus lies inside them, and the result is exact.
   */
  private int[] sortedCandidates(double[] p, double sum) {
    double best = 0;
    for (double v : p) {
      best = Math.max(best, v);
    }
    double threshold = best * 1e-4;
    int count = 0;
    double mass = 0;
    for (double v : p) {
      if (v >= threshold) {
        count++;
        mass += v;
      }
    }
    boolean enough = mass / sum >= s.topP() && (s.topK() == 0 || count >= s.topK());
    if (!enough) {
      threshold = -1;
      count = p.length;
    }
    long[] keys = new long[count];
    int j = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] >= threshold) {
        // probabilities are non-negative, so their raw bits order like the values
        keys[j++] = ((long) Float.floatToIntBits((float) p[i]) << 32) | (0xFFFFFFFFL - i);
      }
    }
    Arrays.sort(keys);
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = (int) (0xFFFFFFFFL - (keys[count - 1 - i] & 0xFFFFFFFFL));
    }
    return out;
  }
}
