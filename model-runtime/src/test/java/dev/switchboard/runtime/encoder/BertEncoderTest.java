package dev.switchboard.runtime.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.runtime.EncoderOptions;
import dev.switchboard.runtime.LocalEmbeddingModel;
import dev.switchboard.runtime.ModelRuntime;
import dev.switchboard.runtime.store.RandomCheckpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertEncoderTest {
  @TempDir static Path dir;
  static ModelRuntime runtime;

  @BeforeAll
  static void setUp() {
    runtime = new ModelRuntime();
  }

  @AfterAll
  static void tearDown() {
    runtime.close();
  }

  static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  @Test
  void embeddingsAreDeterministicNormalisedAndBatchInvariant() {
    Path f = RandomCheckpoint.create(dir.resolve("bert"), "bert-mini", 5);
    LocalEmbeddingModel m =
        runtime.loadEmbedding(f, EncoderOptions.defaults().withName("bert-mini"));
    assertEquals(256, m.dimension());
    assertEquals("bert-mini", m.name());
    List<String> texts =
        List.of("hello world", "the weather is sunny and warm today in the city", "a");
    List<float[]> batch = m.embed(texts).join();
    for (int i = 0; i < texts.size(); i++) {
      float[] alone = m.embed(List.of(texts.get(i))).join().get(0);
      assertEquals(1.0, norm(alone), 1e-5);
      for (int d = 0; d < alone.length; d++) {
        assertEquals(alone[d], batch.get(i)[d], 1e-5, "text " + i + " dim " + d);
      }
    }
    assertArrayEquals(batch.get(0), m.embed(List.of(texts.get(0))).join().get(0), 1e-6f);
    assertEquals(4, m.countTokens("hello world")); // [CLS] hello world [SEP]
    assertThrows(CompletionException.class, () -> m.classify(List.of("x")).join());
  }

  @Test
  void clsPoolingAndTruncation() {
    Path f = RandomCheckpoint.create(dir.resolve("bert2"), "bert-mini", 6);
    LocalEmbeddingModel mean = runtime.loadEmbedding(f, EncoderOptions.defaults());
    LocalEmbeddingModel cls =
        runtime.loadEmbedding(
            f, EncoderOptions.defaults().withPooling(EncoderOptions.Pooling.CLS).withMaxTokens(8));
    assertEquals(8, cls.maxTokens());
    float[] a = mean.embed(List.of("hello there")).join().get(0);
    float[] b = cls.embed(List.of("hello there")).join().get(0);
    assertTrue(Math.abs(a[0] - b[0]) > 1e-7 || Math.abs(a[1] - b[1]) > 1e-7);
    String longText = "the model answers questions about the platform and its plugins ".repeat(20);
    assertTrue(cls.countTokens(longText) > 8);
    assertEquals(1.0, norm(cls.embed(List.of(longText)).join().get(0)), 1e-5);
  }

  @Test
  void sequenceClassificationHead() {
    Path f = RandomCheckpoint.create(dir.resolve("cls"), "bert-mini-cls", 9);
    LocalEmbeddingModel m = runtime.loadEmbedding(f, EncoderOptions.defaults());
    assertEquals(List.of("negative", "positive"), m.labels());
    List<float[]> probs = m.classify(List.of("i am fine thank you", "what is this")).join();
    for (float[] p : probs) {
      assertEquals(2, p.length);
      assertEquals(1.0, p[0] + p[1], 1e-5);
    }
    float[] alone = m.classify(List.of("what is this")).join().get(0);
    assertArrayEquals(alone, probs.get(1), 1e-5f);
  }
}
