package dev.switchboard.runtime.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Key/value cache for a fixed number of sequence slots, preallocated once: per layer a key and a
 * value array of shape [slots, kvHeads, maxLen, headDim]. A running sequence owns one slot; its
 * tokens sit at positions 0..length-1. Preallocation keeps native memory flat however many requests
 * pass through, and makes the memory budget explicit.
 */
public final class KvCache implements AutoCloseable {
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private final int slots;
  private final int maxLen;

  KvCache(NDManager parent, DecoderConfig c, int slots, int maxLen, DataType type) {
    this.manager = parent.newSubManager();
    this.slots = slots;
    this.maxLen = maxLen;
    this.keys = new NDArray[c.layers()];
    this.values = new NDArray[c.layers()];
    Shape shape = new Shape(slots, c.kvHeads(), maxLen, c.headDim());
    for (int i = 0; i < c.layers(); i++) {
      keys[i] = manager.zeros(shape, type);
      values[i] = manager.zeros(shape, type);
    }
  }

  /** Number of sequence slots. */
  public int slots() {
    return slots;
  }

  /** Maximum tokens (prompt plus completion) one slot holds. */
  public int maxLen() {
    return maxLen;
  }

  NDArray keys(int layer) {
    return keys[layer];
  }

  NDArray values(int layer) {
    return values[layer];
  }

  /** Bytes a cache of this geometry occupies (float32). */
  public static long bytes(DecoderConfig c, int slots, int maxLen) {
    return c.kvBytesPerToken() * slots * (long) maxLen;
  }

  @Override
  public void close() {
    manager.close();
  }
}
