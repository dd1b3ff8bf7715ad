package dev.switchboard.bench.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Measures memory read bandwidth the way a decode step uses it: libtorch summing a large array. */
public final class BandwidthProbe {
  private BandwidthProbe() {}

  /** Best-of-N bytes per second summing a {@code megabytes} float32 array. */
  public static double readBytesPerSecond(int megabytes, int rounds) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      long n = megabytes * 1024L * 1024L / 4;
      NDArray a = m.ones(new Shape(n), DataType.FLOAT32);
      double best = Double.MAX_VALUE;
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
          best = Math.min(best, t);
        }
      }
      return n * 4.0 / (best / 1e9);
    }
  }
}
