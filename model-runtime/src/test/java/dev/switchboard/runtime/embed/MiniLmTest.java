package dev.switchboard.runtime.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.switchboard.runtime.LocalEmbeddingModel;
import dev.switchboard.runtime.ModelRuntime;
import dev.switchboard.runtime.encoder.BatchedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmTest {
  static ModelRuntime runtime;
  static LocalEmbeddingModel m;

  @BeforeAll
  static void setUp() {
    runtime = new ModelRuntime();
    m = runtime.bundledEmbedding();
  }

  @AfterAll
  static void tearDown() {
    runtime.close();
  }

  static double cos(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void deterministicNormalised384AndSemantic() {
    assertEquals("all-minilm-l6-v2", m.name());
    assertEquals(384, m.dimension());
    List<String> texts =
        List.of(
            "The cat sits on the mat.",
            "A kitten is sitting on a rug.",
            "Quarterly revenue grew by ten percent.");
    List<float[]> e = m.embed(texts).join();
    float[] alone = m.embed(List.of(texts.get(0))).join().get(0);
    assertArrayEquals(alone, m.embed(List.of(texts.get(0))).join().get(0), 1e-6f);
    // The quantized graph scales activations per tensor (DynamicQuantizeLinear), so batch-mates
    // shift results slightly; the direction is what retrieval uses.
    for (int i = 0; i < texts.size(); i++) {
      double c = cos(m.embed(List.of(texts.get(i))).join().get(0), e.get(i));
      assertTrue(c > 0.99, "batched vs single cosine " + c);
    }
    for (float[] v : e) {
      assertEquals(384, v.length);
      assertEquals(1.0, Math.sqrt(cos(v, v)), 1e-5);
    }
    double similar = cos(e.get(0), e.get(1));
    double dissimilar = cos(e.get(0), e.get(2));
    assertTrue(similar > dissimilar + 0.2, similar + " vs " + dissimilar);
    assertTrue(m.countTokens("hello world") >= 4);
    assertTrue(m.countTokens("word ".repeat(300)) > 300, "no truncation when counting");
  }

  @Test
  void matchesLangChain4jsOwnModel() {
    var lc = new AllMiniLmL6V2QuantizedEmbeddingModel();
    for (String t : List.of("Switchboard routes chat tasks to plugins.", "short")) {
      float[] ours = m.embed(List.of(t)).join().get(0);
      float[] theirs = lc.embed(t).content().vector();
      assertTrue(cos(ours, theirs) > 0.9999, "cosine " + cos(ours, theirs));
    }
  }

  @Test
  void concurrentCallersShareBatches() {
    List<CompletableFuture<List<float[]>>> fs = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      fs.add(m.embed(List.of("sentence number " + i + " about topic " + (i % 7))));
    }
    fs.forEach(CompletableFuture::join);
    assertTrue(((BatchedEmbeddingModel) m).meanBatchSize() > 1.5);
  }
}
