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
    if (s.topK() > 0 || s.topP() < 1.0) {
      cand = sortedCandidates(p, sum);
      int keep = cand.length;
      if (s.topK() > 0) {
        keep = Math.min(keep, s.topK());
      }
      if (s.topP() < 1.0) {
        double cum = 0;
        int k = 0;
        while (k < keep) {
          cum += p[cand[k]] / sum;
          k++;
          if (cum >= s.topP()) {
            break;
          }
        }
        keep = k;
      }
      cand = Arrays.copyOf(cand, keep);
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
