package dev.switchboard.runtime.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.switchboard.runtime.store.RandomCheckpoint;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaDecoderTest {
  @TempDir static Path dir;
  static NDManager root;
  static Path tiny;
  static Path tinyLlama;

  @BeforeAll
  static void setUp() {
    root = NDManager.newBaseManager("PyTorch");
    tiny = RandomCheckpoint.create(dir.resolve("tiny"), "tiny", 7);
    tinyLlama = RandomCheckpoint.create(dir.resolve("tiny-llama"), "tiny-llama", 8);
  }

  @AfterAll
  static void tearDown() {
    root.close();
  }

  static final int[] PROMPT = {5, 77, 300, 12, 9, 140, 33, 201, 2, 88, 61, 250};

  static void assertClose(double[] expected, float[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length);
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(worst <= tol, what + ": max abs diff " + worst);
  }

  static void assertClose(float[] expected, float[] actual, double tol, String what) {
    double[] e = new double[expected.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = expected[i];
    }
    assertClose(e, actual, tol, what);
  }

  @Test
  void agreesWithPlainJavaReference() {
    for (Path model : new Path[] {tiny, tinyLlama}) {
      double[][] ref = new ReferenceDecoder(model).forward(PROMPT);
      try (LlamaDecoder d = LlamaDecoder.load(model, root, DataType.FLOAT32, 512);
          KvCache cache = d.newCache(2, 64)) {
        float[][] got = d.prefill(cache, 1, PROMPT, 0, true);
        assertEquals(PROMPT.length, got.length);
        for (int t = 0; t < PROMPT.length; t++) {
          assertClose(ref[t], got[t], 1e-4, model.getFileName() + " position " + t);
        }
      }
    }
  }

  @Test
  void incrementalDecodeEqualsFullRecompute() {
    try (LlamaDecoder d = LlamaDecoder.load(tiny, root, DataType.FLOAT32, 512);
        KvCache cache = d.newCache(3, 64)) {
      float[][] full = d.prefill(cache, 0, PROMPT, 0, true);
      int split = 4;
      int[] head = java.util.Arrays.copyOf(PROMPT, split);
      float[][] first = d.prefill(cache, 2, head, 0, false);
      assertClose(full[split - 1], first[0], 1e-4, "prefill");
      for (int t = split; t < PROMPT.length; t++) {
        float[][] step = d.decode(cache, new int[] {2}, new int[] {PROMPT[t]}, new int[] {t});
        assertClose(full[t], step[0], 1e-4, "step " + t);
      }
      // a chunked prefill continuing an existing cache gives the same logits too
      float[][] rest = d.prefill(cache, 1, java.util.Arrays.copyOfRange(PROMPT, 0, 7), 0, false);
      float[][] rest2 = d.prefill(cache, 1, java.util.Arrays.copyOfRange(PROMPT, 7, 12), 7, true);
      assertClose(full[6], rest[0], 1e-4, "chunk 1");
      for (int t = 7; t < 12; t++) {
        assertClose(full[t], rest2[t - 7], 1e-4, "chunk 2 position " + t);
      }
    }
  }

  @Test
  void stackedPrefillOfSeveralSequencesEqualsSeparatePrefills() {
    try (LlamaDecoder d = LlamaDecoder.load(tiny, root, DataType.FLOAT32, 512);
        KvCache a = d.newCache(3, 64);
        KvCache b = d.newCache(3, 64)) {
      int[][] chunks = {{1, 2, 3, 4, 5}, {9}, {30, 31, 32}};
      int[] slots = {2, 0, 1};
      // slot 1 already holds 4 tokens: its chunk continues at position 4
      d.prefill(a, 1, new int[] {7, 7, 7, 7}, 0, false);
      d.prefill(b, 1, new int[] {7, 7, 7, 7}, 0, false);
      int[] starts = {0, 0, 4};
      float[][] stacked = d.prefill(a, slots, chunks, starts);
      for (int i = 0; i < 3; i++) {
        float[] alone = d.prefill(b, slots[i], chunks[i], starts[i], false)[0];
        assertClose(alone, stacked[i], 1e-4, "sequence " + i);
      }
      // and the caches agree: the next decode step gives the same logits
      float[][] da = d.decode(a, slots, new int[] {3, 3, 3}, new int[] {5, 1, 7});
      float[][] db = d.decode(b, slots, new int[] {3, 3, 3}, new int[] {5, 1, 7});
      for (int i = 0; i < 3; i++) {
        assertClose(db[i], da[i], 1e-4, "decode after stacked prefill " + i);
      }
    }
  }

  @Test
  void batchedDecodeEqualsSingle() {
    try (LlamaDecoder d = LlamaDecoder.load(tinyLlama, root, DataType.FLOAT32, 512);
        KvCache cache = d.newCache(6, 64)) {
      // six sequences: more than the small-batch path handles, so the scatter write runs too
      int[][] prompts = {
        {1, 2, 3}, {40, 41, 42, 43, 44, 45, 46}, {100}, {5, 6}, {9}, {70, 71, 72, 73}
      };
      int[] slots = {3, 0, 2, 5, 4, 1};
      for (int i = 0; i < prompts.length; i++) {
        d.prefill(cache, slots[i], prompts[i], 0, false);
      }
      int[] next = {7, 8, 9, 10, 11, 12};
      int[] pos = {3, 7, 1, 2, 1, 4};
      float[][] batched = d.decode(cache, slots, next, pos);
      for (int i = 0; i < prompts.length; i++) {
        float[][] single =
            d.decode(cache, new int[] {slots[i]}, new int[] {next[i]}, new int[] {pos[i]});
        assertClose(single[0], batched[i], 1e-5, "sequence " + i);
      }
    }
  }

  @Test
  void stepsDoNotLeakArraysIntoTheWeightManager() {
    try (LlamaDecoder d = LlamaDecoder.load(tiny, root, DataType.FLOAT32, 512);
        KvCache cache = d.newCache(2, 64)) {
      d.prefill(cache, 0, PROMPT, 0, false);
      int before = ((BaseNDManager) d.manager()).getManagedArrays().size();
      for (int i = 0; i < 20; i++) {
        d.prefill(cache, 1, PROMPT, 0, false);
        d.decode(cache, new int[] {0, 1}, new int[] {1, 2}, new int[] {12, 12});
      }
      assertEquals(before, ((BaseNDManager) d.manager()).getManagedArrays().size());
    }
  }
}
