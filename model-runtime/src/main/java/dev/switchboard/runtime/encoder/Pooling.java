package dev.switchboard.runtime.encoder;

import dev.switchboard.runtime.EncoderOptions;

/** Pooling and normalisation over plain arrays (used where the encoder output is a Java array). */
public final class Pooling {
  private Pooling() {}

  /**
   * Pools token vectors [batch][len*dim] (row-major) into one vector per text.
   *
   * @param hidden flattened last hidden state
   * @param mask attention mask [batch][len]
   */
  public static float[][] pool(
      float[] hidden, long[][] mask, int dim, EncoderOptions.Pooling mode, boolean normalize) {
    int b = mask.length;
    int len = b == 0 ? 0 : mask[0].length;
    float[][] out = new float[b][dim];
    for (int i = 0; i < b; i++) {
      int base = i * len * dim;
      if (mode == EncoderOptions.Pooling.CLS) {
        System.arraycopy(hidden, base, out[i], 0, dim);
      } else {
        double[] acc = new double[dim];
        int count = 0;
        for (int t = 0; t < len; t++) {
          if (mask[i][t] == 0) {
            continue;
          }
          count++;
          int off = base + t * dim;
          for (int d = 0; d < dim; d++) {
            acc[d] += hidden[off + d];
          }
        }
        for (int d = 0; d < dim; d++) {
          out[i][d] = (float) (acc[d] / Math.max(1, count));
        }
      }
      if (normalize) {
        normalize(out[i]);
      }
    }
    return out;
  }

  /** L2-normalises in place (a zero vector stays zero). */
  public static void normalize(float[] v) {
    double ss = 0;
    for (float x : v) {
      ss += (double) x * x;
    }
    double n = Math.sqrt(ss);
    if (n > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (v[i] / n);
      }
    }
  }
}
