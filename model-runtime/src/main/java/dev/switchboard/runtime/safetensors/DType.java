package dev.switchboard.runtime.safetensors;

import java.util.Locale;

/** Element types named by the safetensors format. Only the floating types can be read as floats. */
public enum DType {
  BOOL(1),
  U8(1),
  I8(1),
  F8_E4M3(1),
  F8_E5M2(1),
  I16(2),
  U16(2),
  F16(2),
  BF16(2),
  I32(4),
  U32(4),
  F32(4),
  F64(8),
  I64(8),
  U64(8);

  private final int size;

  DType(int size) {
    this.size = size;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  /** Whether {@link SafetensorsFile#readFloats} can widen or narrow this type to float. */
  public boolean readableAsFloat() {
    return this == F32 || this == F16 || this == BF16 || this == F64;
  }

  /** Parses the header spelling, or returns null when the name is not a safetensors dtype. */
  public static DType parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
