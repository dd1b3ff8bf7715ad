package dev.switchboard.runtime.safetensors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One safetensors file, read through memory maps.
 *
 * <p>The header is parsed and validated when the file is opened. Tensor data is mapped only when a
 * tensor is read, and in chunks below 1 GiB, so files (and tensors) over 2 GB work although a
 * {@link ByteBuffer} cannot address them.
 */
public final class SafetensorsFile implements AutoCloseable {
  /** Headers larger than this are treated as corrupt rather than allocated. */
  private static final long MAX_HEADER = 100L * 1024 * 1024;

  private static final long CHUNK = 1L << 30;

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  private SafetensorsFile(
      Path path,
      FileChannel channel,
      long dataStart,
      Map<String, TensorInfo> tensors,
      Map<String, String> metadata) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /** Opens and validates a file; every failure is a {@link CheckpointException} naming it. */
  public static SafetensorsFile open(Path path) {
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new CheckpointException("cannot open safetensors file " + path + ": " + e, e);
    }
    try {
      return parse(path, ch);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private static SafetensorsFile parse(Path path, FileChannel ch) {
    try {
      long size = ch.size();
      if (size < 8) {
        throw new CheckpointException(
            path + ": truncated safetensors file (" + size + " bytes, no header length)");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.getLong(0);
      if (headerLen <= 0 || headerLen > MAX_HEADER) {
        throw new CheckpointException(
            path
                + ": bad safetensors header length "
                + headerLen
                + " (corrupt or not safetensors)");
      }
      if (8 + headerLen > size) {
        throw new CheckpointException(
            path
                + ": truncated safetensors file: header needs "
                + headerLen
                + " bytes, file has "
                + (size - 8));
      }
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      readFully(ch, hb, 8);
      String json = new String(hb.array(), StandardCharsets.UTF_8);
      JsonObject header;
      try {
        header = JsonParser.parseString(json).getAsJsonObject();
      } catch (RuntimeException e) {
        throw new CheckpointException(path + ": safetensors header is not a JSON object: " + e, e);
      }
      long dataStart = 8 + headerLen;
      long dataLen = size - dataStart;
      Map<String, TensorInfo> tensors = new LinkedHashMap<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> e : header.entrySet()) {
        if (e.getKey().equals("__metadata__")) {
          for (Map.Entry<String, JsonElement> m : e.getValue().getAsJsonObject().entrySet()) {
            metadata.put(m.getKey(), m.getValue().getAsString());
          }
          continue;
        }
        tensors.put(e.getKey(), parseTensor(path, e.getKey(), e.getValue(), dataLen));
      }
      return new SafetensorsFile(
          path,
          ch,
          dataStart,
          Collections.unmodifiableMap(tensors),
          Collections.unmodifiableMap(metadata));
    } catch (IOException e) {
      throw new CheckpointException(path + ": cannot read safetensors header: " + e, e);
    }
  }

  private static TensorInfo parseTensor(Path path, String name, JsonElement el, long dataLen) {
    String where = path + ": tensor '" + name + "'";
    try {
      JsonObject o = el.getAsJsonObject();
      String dt = o.get("dtype").getAsString();
      DType dtype = DType.parse(dt);
      if (dtype == null) {
        throw new CheckpointException(where + " has unknown dtype '" + dt + "'");
      }
      var shapeArr = o.getAsJsonArray("shape");
      long[] shape = new long[shapeArr.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeArr.get(i).getAsLong();
        if (shape[i] < 0) {
          throw new CheckpointException(where + " has a negative dimension");
        }
      }
      var offs = o.getAsJsonArray("data_offsets");
      long begin = offs.get(0).getAsLong();
      long end = offs.get(1).getAsLong();
      TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
      if (begin < 0 || end < begin) {
        throw new CheckpointException(
            where + " has invalid data_offsets [" + begin + "," + end + "]");
      }
      if (info.numel() * dtype.size() != end - begin) {
        throw new CheckpointException(
            where
                + ": shape "
                + java.util.Arrays.toString(shape)
                + " of "
                + dtype
                + " needs "
                + info.numel() * dtype.size()
                + " bytes but data_offsets span "
                + (end - begin));
      }
      if (end > dataLen) {
        throw new CheckpointException(
            where
                + " ends at byte "
                + end
                + " of the data section but the file holds only "
                + dataLen
                + " (truncated file)");
      }
      return info;
    } catch (CheckpointException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CheckpointException(where + " has a malformed header entry: " + e, e);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  /** The file this was opened from. */
  public Path path() {
    return path;
  }

  /** Tensor entries in header order. */
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  /** The optional {@code __metadata__} map. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Returns the entry or throws a {@link CheckpointException} naming file and tensor. */
  public TensorInfo info(String name) {
    TensorInfo t = tensors.get(name);
    if (t == null) {
      throw new CheckpointException(path + ": missing tensor '" + name + "'");
    }
    return t;
  }

  /**
   * Reads a floating-point tensor as float32. BF16 and F16 are widened here, in Java, so that no
   * 16-bit array ever reaches DJL (BF16 arrays crash DJL 0.35 on CPU).
   */
  public float[] readFloats(String name) {
    TensorInfo t = info(name);
    if (!t.dtype().readableAsFloat()) {
      throw new CheckpointException(
          path + ": tensor '" + name + "' has dtype " + t.dtype() + ", expected a float type");
    }
    long n = t.numel();
    if (n > Integer.MAX_VALUE - 8) {
      throw new CheckpointException(path + ": tensor '" + name + "' is too large for one array");
    }
    float[] out = new float[(int) n];
    int esize = t.dtype().size();
    long chunkElems = CHUNK / esize;
    long done = 0;
    try {
      while (done < n) {
        long count = Math.min(chunkElems, n - done);
        MappedByteBuffer mb =
            channel.map(
                FileChannel.MapMode.READ_ONLY, dataStart + t.begin() + done * esize, count * esize);
        mb.order(ByteOrder.LITTLE_ENDIAN);
        convert(t.dtype(), mb, out, (int) done, (int) count);
        done += count;
      }
    } catch (IOException e) {
      throw new CheckpointException(path + ": cannot map tensor '" + name + "': " + e, e);
    }
    return out;
  }

  /** Reads a tensor and checks its shape first. */
  public float[] readFloats(String name, long... expectedShape) {
    checkShape(info(name), expectedShape);
    return readFloats(name);
  }

  void checkShape(TensorInfo t, long[] expected) {
    if (!java.util.Arrays.equals(t.shape(), expected)) {
      throw new CheckpointException(
          path
              + ": tensor '"
              + t.name()
              + "' has shape "
              + java.util.Arrays.toString(t.shape())
              + ", expected "
              + java.util.Arrays.toString(expected));
    }
  }

  private static void convert(DType dt, ByteBuffer src, float[] out, int off, int count) {
    switch (dt) {
      case F32 -> src.asFloatBuffer().get(out, off, count);
      case F64 -> {
        var db = src.asDoubleBuffer();
        for (int i = 0; i < count; i++) {
          out[off + i] = (float) db.get(i);
        }
      }
      case BF16 -> {
        var sb = src.asShortBuffer();
        for (int i = 0; i < count; i++) {
          out[off + i] = HalfFloats.bf16ToFloat(sb.get(i));
        }
      }
      case F16 -> {
        var sb = src.asShortBuffer();
        for (int i = 0; i < count; i++) {
          out[off + i] = HalfFloats.f16ToFloat(sb.get(i));
        }
      }
      default -> throw new IllegalStateException("not a float type: " + dt);
    }
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing useful to do; mapped buffers stay valid after close
    }
  }
}
