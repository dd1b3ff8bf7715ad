package dev.switchboard.runtime.safetensors;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes safetensors files. Tensor contents come from a generator called once per tensor while
 * writing, so a multi-gigabyte checkpoint never has to sit in memory at once.
 */
public final class SafetensorsWriter {
  private SafetensorsWriter() {}

  /**
   * A tensor to write.
   *
   * @param name tensor name
   * @param dtype F32, F16 or BF16
   * @param shape dimensions
   */
  public record Spec(String name, DType dtype, long[] shape) {
    /** Element count. */
    public long numel() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  /** Writes tensors in the given order; {@code data} must return exactly numel floats. */
  public static void write(
      Path file, List<Spec> specs, Function<Spec, float[]> data, Map<String, String> metadata) {
    JsonObject header = new JsonObject();
    if (metadata != null && !metadata.isEmpty()) {
      JsonObject meta = new JsonObject();
      metadata.forEach(meta::addProperty);
      header.add("__metadata__", meta);
    }
    long offset = 0;
    List<long[]> offsets = new ArrayList<>();
    for (Spec s : specs) {
      if (!s.dtype().readableAsFloat() || s.dtype() == DType.F64) {
        throw new IllegalArgumentException("writer supports F32/F16/BF16, got " + s.dtype());
      }
      long len = s.numel() * s.dtype().size();
      JsonObject t = new JsonObject();
      t.addProperty("dtype", s.dtype().name());
      JsonArray shape = new JsonArray();
      for (long d : s.shape()) {
        shape.add(d);
      }
      t.add("shape", shape);
      JsonArray offs = new JsonArray();
      offs.add(offset);
      offs.add(offset + len);
      t.add("data_offsets", offs);
      header.add(s.name(), t);
      offsets.add(new long[] {offset, offset + len});
      offset += len;
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8; // the format recommends 8-byte alignment of the data
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      writeFully(ch, head);
      for (Spec s : specs) {
        float[] values = data.apply(s);
        if (values.length != s.numel()) {
          throw new IllegalArgumentException(
              s.name() + ": got " + values.length + " values for " + s.numel() + " elements");
        }
        writeValues(ch, s.dtype(), values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void writeValues(FileChannel ch, DType dt, float[] v) throws IOException {
    int block = 1 << 20;
    ByteBuffer buf = ByteBuffer.allocateDirect(block * dt.size()).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < v.length; start += block) {
      int end = Math.min(v.length, start + block);
      buf.clear();
      for (int i = start; i < end; i++) {
        switch (dt) {
          case F32 -> buf.putFloat(v[i]);
          case F16 -> buf.putShort(HalfFloats.floatToF16(v[i]));
          case BF16 -> buf.putShort(HalfFloats.floatToBf16(v[i]));
          default -> throw new IllegalStateException();
        }
      }
      buf.flip();
      writeFully(ch, buf);
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }
}
