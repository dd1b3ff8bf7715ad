package dev.switchboard.runtime.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.runtime.safetensors.SafetensorsWriter.Spec;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  private static float[] ramp(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (i - n / 2) * 0.37f + 1e-3f * i * i;
    }
    return v;
  }

  @Test
  void roundTripsF32F16Bf16() {
    float[] data = ramp(24);
    Path f = dir.resolve("model.safetensors");
    List<Spec> specs =
        List.of(
            new Spec("a", DType.F32, new long[] {2, 3, 4}),
            new Spec("b", DType.F16, new long[] {24}),
            new Spec("c", DType.BF16, new long[] {4, 6}));
    SafetensorsWriter.write(f, specs, s -> data, Map.of("format", "pt"));
    try (SafetensorsFile sf = SafetensorsFile.open(f)) {
      assertEquals("pt", sf.metadata().get("format"));
      assertArrayEquals(data, sf.readFloats("a", 2, 3, 4));
      float[] b = sf.readFloats("b");
      float[] c = sf.readFloats("c");
      for (int i = 0; i < data.length; i++) {
        // F16 keeps 11 significant bits, BF16 8
        assertEquals(data[i], b[i], Math.abs(data[i]) * 1e-3 + 1e-6, "f16 " + i);
        assertEquals(data[i], c[i], Math.abs(data[i]) * 8e-3 + 1e-6, "bf16 " + i);
        assertEquals(HalfFloats.f16ToFloat(HalfFloats.floatToF16(b[i])), b[i]);
        assertEquals(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(c[i])), c[i]);
      }
    }
  }

  @Test
  void halfFloatEdgeCases() {
    assertEquals(65504f, HalfFloats.f16ToFloat(HalfFloats.floatToF16(65504f)));
    assertEquals(Float.POSITIVE_INFINITY, HalfFloats.f16ToFloat(HalfFloats.floatToF16(1e6f)));
    assertEquals(5.9604645e-8f, HalfFloats.f16ToFloat(HalfFloats.floatToF16(5.9604645e-8f)));
    assertTrue(Float.isNaN(HalfFloats.f16ToFloat(HalfFloats.floatToF16(Float.NaN))));
    assertTrue(Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.NaN))));
    assertEquals(-2f, HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(-2f)));
    for (int h = 0; h < 0x7C00; h++) {
      float f = HalfFloats.f16ToFloat((short) h);
      assertEquals((short) h, HalfFloats.floatToF16(f), "half " + h);
    }
  }

  @Test
  void shardedCheckpoint() throws Exception {
    Path s1 = dir.resolve("model-00001-of-00002.safetensors");
    Path s2 = dir.resolve("model-00002-of-00002.safetensors");
    SafetensorsWriter.write(
        s1, List.of(new Spec("x", DType.F32, new long[] {3})), s -> new float[] {1, 2, 3}, null);
    SafetensorsWriter.write(
        s2, List.of(new Spec("y", DType.BF16, new long[] {2})), s -> new float[] {4, 5}, null);
    Files.writeString(
        dir.resolve(Checkpoint.INDEX),
        "{\"metadata\":{},\"weight_map\":{\"x\":\""
            + s1.getFileName()
            + "\",\"y\":\""
            + s2.getFileName()
            + "\"}}");
    try (Checkpoint c = Checkpoint.open(dir)) {
      assertArrayEquals(new float[] {1, 2, 3}, c.readFloats("x"));
      assertArrayEquals(new float[] {4, 5}, c.readFloats("y", 2));
      var e = assertThrows(CheckpointException.class, () -> c.readFloats("z"));
      assertTrue(e.getMessage().contains("'z'"), e.getMessage());
    }
    Files.delete(s2);
    var e = assertThrows(CheckpointException.class, () -> Checkpoint.open(dir));
    assertTrue(e.getMessage().contains("model-00002-of-00002.safetensors"), e.getMessage());
  }

  private Path valid() {
    Path f = dir.resolve("model.safetensors");
    SafetensorsWriter.write(
        f,
        List.of(
            new Spec("w", DType.F32, new long[] {4, 4}), new Spec("v", DType.F32, new long[] {8})),
        s -> new float[(int) s.numel()],
        null);
    return f;
  }

  private static String message(Path f) {
    return assertThrows(CheckpointException.class, () -> SafetensorsFile.open(f).close())
        .getMessage();
  }

  @Test
  void truncatedFileNamesFileAndTensor() throws Exception {
    Path f = valid();
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(raf.length() - 5);
    }
    String m = message(f);
    assertTrue(m.contains(f.toString()) && m.contains("'v'") && m.contains("truncated"), m);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(20);
    }
    m = message(f);
    assertTrue(m.contains(f.toString()) && m.contains("truncated"), m);
    Files.write(f, new byte[3]);
    assertTrue(message(f).contains("truncated"));
  }

  @Test
  void badHeader() throws Exception {
    Path f = dir.resolve("bad.safetensors");
    ByteBuffer b = ByteBuffer.allocate(8 + 10).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(10).put("{not json!".getBytes(StandardCharsets.US_ASCII));
    Files.write(f, b.array());
    String m = message(f);
    assertTrue(m.contains(f.toString()) && m.contains("JSON"), m);
    ByteBuffer huge =
        ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE / 3);
    Files.write(f, huge.array());
    assertTrue(message(f).contains("bad safetensors header length"));
  }

  private Path withHeader(String json, int dataBytes) throws Exception {
    Path f = dir.resolve("h.safetensors");
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    Files.write(f, b.array());
    return f;
  }

  @Test
  void unknownDtypeAndMisShapedEntries() throws Exception {
    String m =
        message(withHeader("{\"w\":{\"dtype\":\"F7\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8));
    assertTrue(m.contains("'w'") && m.contains("unknown dtype 'F7'"), m);
    m = message(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8));
    assertTrue(m.contains("'w'") && m.contains("needs 12 bytes"), m);
    Path ints = withHeader("{\"pos\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8);
    try (SafetensorsFile sf = SafetensorsFile.open(ints)) {
      var e = assertThrows(CheckpointException.class, () -> sf.readFloats("pos"));
      assertTrue(e.getMessage().contains("'pos'") && e.getMessage().contains("I64"));
    }
  }

  @Test
  void missingAndWrongShapeTensor() {
    Path f = valid();
    try (Checkpoint c = Checkpoint.open(dir)) {
      String m = assertThrows(CheckpointException.class, () -> c.readFloats("nope")).getMessage();
      assertTrue(m.contains(f.toString()) && m.contains("missing tensor 'nope'"), m);
      m = assertThrows(CheckpointException.class, () -> c.readFloats("w", 4, 5)).getMessage();
      assertTrue(m.contains("'w'") && m.contains("[4, 4]") && m.contains("[4, 5]"), m);
    }
  }

  @Test
  void readsTensorBeyondTwoGigabytesOfSparseFile() throws Exception {
    // A sparse file: 2.2 GB of zeros the file system never stores, then a small tensor.
    long pad = 1_100_000_000L; // F16 elements = 2.2 GB
    String json =
        "{\"pad\":{\"dtype\":\"F16\",\"shape\":["
            + pad
            + "],\"data_offsets\":[0,"
            + pad * 2
            + "]},\"tail\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":["
            + pad * 2
            + ","
            + (pad * 2 + 12)
            + "]}}";
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    Path f = dir.resolve("big.safetensors");
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      ByteBuffer b = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
      b.putLong(h.length).put(h);
      raf.write(b.array());
      long tailAt = 8 + h.length + pad * 2;
      raf.setLength(tailAt + 12);
      raf.seek(tailAt);
      ByteBuffer t = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      t.putFloat(1.5f).putFloat(-2f).putFloat(3.25f);
      raf.write(t.array());
    }
    try (SafetensorsFile sf = SafetensorsFile.open(f)) {
      assertArrayEquals(new float[] {1.5f, -2f, 3.25f}, sf.readFloats("tail"));
    }
  }
}
