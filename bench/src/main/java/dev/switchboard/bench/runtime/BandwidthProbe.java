package dev.switchboard.bench.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Measures memory read bandwidth the way a decode step uses it: libtorch summing a large array. */
public final class BandwidthProbe {
  private BandwidthProbe() {}

  /**
   * Median-of-N bytes per second summing a {@code megabytes} float32 array. The median, not the
   * best, because neighbours on a shared 2-core machine make single rounds swing by 2x.
   */
  public static double readBytesPerSecond(int megabytes, int rounds) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      long n = megabytes * 1024L * 1024L / 4;
      NDArray a = m.ones(new Shape(n), DataType.FLOAT32);
      double[] times = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        try (NDManager s = m.newSubManager()) {
          long t0 = System.nanoTime();
          NDArray sum = a.sum();
          sum.tempAttach(s);
          float v = sum.getFloat();
          long t = System.nanoTime() - t0;
          if (v != n) {
            throw new IllegalStateException("bad sum " + v);
          }
          times[i] = t;
        }
      }
      java.util.Arrays.sort(times);
      return n * 4.0 / (times[rounds / 2] / 1e9);
    }
  }

  /**
   * Median bytes per second a 1 x in by [in, out] float32 product streams its weights at, cycling
   * through enough distinct matrices that none stays in cache: what decode can actually reach.
   */
  public static double gemvBytesPerSecond(int in, int out, int matrices, int rounds) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray[] w = new NDArray[matrices];
      for (int i = 0; i < matrices; i++) {
        w[i] = m.randomUniform(-1, 1, new Shape(in, out));
      }
      NDArray x = m.randomUniform(-1, 1, new Shape(1, in));
      double[] times = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        for (NDArray wi : w) {
          try (NDManager s = m.newSubManager()) {
            NDArray y = x.matMul(wi);
            y.tempAttach(s);
            y.getFloat(0, 0);
          }
        }
        times[r] = System.nanoTime() - t0;
      }
      java.util.Arrays.sort(times);
      return (double) in * out * 4 * matrices / (times[rounds / 2] / 1e9);
    }
  }
}
