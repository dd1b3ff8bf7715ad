package dev.switchboard.runtime.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Re-arranges PyTorch [out, in] weight matrices into the layouts libtorch reads fastest and folds
 * scales into them.
 */
public final class Weights {
  private Weights() {}

  /** Transposes a row-major [rows, cols] matrix into [cols, rows], in cache-friendly blocks. */
  public static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    int blk = 64;
    for (int r0 = 0; r0 < rows; r0 += blk) {
      int r1 = Math.min(rows, r0 + blk);
      for (int c0 = 0; c0 < cols; c0 += blk) {
        int c1 = Math.min(cols, c0 + blk);
        for (int r = r0; r < r1; r++) {
          int base = r * cols;
          for (int c = c0; c < c1; c++) {
            t[c * rows + r] = a[base + c];
          }
        }
      }
    }
    return t;
  }

  /** Rows r0..r1 of a row-major [rows, cols] matrix, transposed into [cols, r1 - r0]. */
  public static float[] transpose(float[] a, int cols, int r0, int r1) {
    int n = r1 - r0;
    float[] t = new float[n * cols];
    int blk = 64;
    for (int rb = r0; rb < r1; rb += blk) {
      int re = Math.min(r1, rb + blk);
      for (int c0 = 0; c0 < cols; c0 += blk) {
        int c1 = Math.min(cols, c0 + blk);
        for (int r = rb; r < re; r++) {
          int base = r * cols;
          for (int c = c0; c < c1; c++) {
            t[c * n + r - r0] = a[base + c];
          }
        }
      }
    }
    return t;
  }

  /**
   * Several [out_i, in] matrices fused into one [in, sum(out_i)] matrix, so that one product
   * computes all of them (q/k/v, gate/up).
   */
  public static float[] fuseTransposed(int in, float[]... parts) {
    int total = 0;
    for (float[] p : parts) {
      total += p.length / in;
    }
    float[] out = new float[in * total];
    int col = 0;
    for (float[] p : parts) {
      int rows = p.length / in;
      for (int r = 0; r < rows; r++) {
        int base = r * in;
        for (int c = 0; c < in; c++) {
          out[c * total + col + r] = p[base + c];
        }
      }
      col += rows;
    }
    return out;
  }

  /** Multiplies every element by {@code f}, in place. */
  public static float[] scale(float[] a, float f) {
    for (int i = 0; i < a.length; i++) {
      a[i] *= f;
    }
    return a;
  }

  /** Multiplies row r of a row-major [rows, cols] matrix by {@code scale[r]}, in place. */
  public static float[] scaleRows(float[] a, int rows, float[] scale) {
    int cols = a.length / rows;
    for (int r = 0; r < rows; r++) {
      float f = scale[r];
      int base = r * cols;
      for (int c = 0; c < cols; c++) {
        a[base + c] *= f;
      }
    }
    return a;
  }

  /**
   * Converts a freshly created float32 array to the device's storage type, freeing the float32
   * original at once (on a GPU both would otherwise stay resident until the model closes).
   */
  public static NDArray upload(NDArray a, DataType type) {
    if (a.getDataType() == type) {
      return a;
    }
    NDArray converted = a.toType(type, false);
    a.close();
    return converted;
  }
}
