package dev.switchboard.runtime.safetensors;

import java.util.Arrays;

/**
 * One tensor entry of a safetensors header.
 *
 * @param name tensor name
 * @param dtype element type
 * @param shape dimensions, outermost first
 * @param begin start offset relative to the data section
 * @param end end offset (exclusive) relative to the data section
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

  /** Number of elements (1 for a scalar). */
  public long numel() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** Size in bytes. */
  public long byteLength() {
    return end - begin;
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape);
  }
}
