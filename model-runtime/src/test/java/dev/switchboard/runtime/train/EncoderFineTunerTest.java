package dev.switchboard.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import dev.switchboard.runtime.DevicePolicy;
import dev.switchboard.runtime.EncoderOptions;
import dev.switchboard.runtime.LocalEmbeddingModel;
import dev.switchboard.runtime.ModelRuntime;
import dev.switchboard.runtime.encoder.BertWeights;
import dev.switchboard.runtime.encoder.EncodedBatch;
import dev.switchboard.runtime.safetensors.SafetensorsFile;
import dev.switchboard.runtime.store.ModelFolder;
import dev.switchboard.runtime.store.RandomCheckpoint;
import dev.switchboard.runtime.text.TextTokenizer;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning a random-weight bert-mini (no download) on a small synthetic task whose classes use
 * different words: it learns, resumes to the same weights, and saves a folder the runtime serves.
 */
class EncoderFineTunerTest {
  @TempDir static Path shared;
  @TempDir Path dir;

  static Path base;
  final EncoderFineTuner tuner = new EncoderFineTuner(Device.cpu());

  static final String[][] WORDS = {
    {"weather", "sunny", "warm", "city"},
    {"hello", "world", "thank", "fine"},
    {"robot", "stories", "learn", "write"}
  };
  static final String[] FILLER = {"the", "is", "and", "of", "to", "in", "it", "with", "on", "a"};

  @BeforeAll
  static void checkpoint() {
    base = RandomCheckpoint.create(shared.resolve("bert-mini"), "bert-mini", 11);
  }

  /** Three to five words, each a word of the text's class with probability 0.7, else filler. */
  static LabelledTexts texts(int perClass, long seed) {
    Random rnd = new Random(seed);
    List<String> texts = new ArrayList<>();
    int[] y = new int[perClass * WORDS.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % WORDS.length;
      List<String> w = new ArrayList<>();
      int len = 3 + rnd.nextInt(3);
      for (int k = 0; k < len; k++) {
        w.add(
            k == 0 || rnd.nextDouble() < 0.7
                ? WORDS[y[i]][rnd.nextInt(WORDS[y[i]].length)]
                : FILLER[rnd.nextInt(FILLER.length)]);
      }
      java.util.Collections.shuffle(w, rnd);
      texts.add(String.join(" ", w));
    }
    return new LabelledTexts(List.of("weather", "greeting", "story"), texts, y);
  }

  static FineTuneOptions options(int epochs, int checkpointEvery) {
    return FineTuneOptions.fromMap(
        Map.of(
            "epochs",
            epochs,
            "batchSize",
            16,
            "learningRate",
            1e-3,
            "warmupFraction",
            0.1,
            "checkpointEvery",
            checkpointEvery,
            "validationFraction",
            0,
            "seed",
            3));
  }

  static double accuracy(FineTunedEncoder m, LabelledTexts d) {
    int[] p = m.predict(d.texts());
    int ok = 0;
    for (int i = 0; i < p.length; i++) {
      ok += p[i] == d.y()[i] ? 1 : 0;
    }
    return (double) ok / p.length;
  }

  @Test
  void learnsASeparableTask() {
    LabelledTexts train = texts(32, 1);
    LabelledTexts test = texts(16, 2);
    List<TrainingProgress> reports = new ArrayList<>();
    long t0 = System.nanoTime();
    try (FineTunedEncoder m =
        tuner.train(base, train, test, options(4, 100), null, reports::add, () -> false)) {
      double seconds = (System.nanoTime() - t0) / 1e9;
      List<TrainingProgress> epochs = m.summary().history();
      System.out.printf(
          "fine-tune bert-mini: %d steps in %.1f s (%.1f steps/s), epoch losses %s, val %s%n",
          m.summary().steps(),
          seconds,
          m.summary().stepsPerSecond(),
          epochs.stream().map(p -> String.format("%.3f", p.loss())).toList(),
          epochs.stream().map(p -> String.format("%.2f", p.validationAccuracy())).toList());
      assertEquals(4, epochs.size());
      assertEquals(24, m.summary().steps());
      double first = epochs.get(0).loss();
      double last = epochs.get(epochs.size() - 1).loss();
      // Chance is ln 3 = 1.10 nats; the last epoch's mean loss is well under half of it.
      assertTrue(last < 0.5 * Math.log(3) && last < 0.5 * first, "loss " + first + " -> " + last);
      double acc = accuracy(m, test);
      assertTrue(acc >= 0.9, "held-out accuracy " + acc + " (chance 0.33)");
      assertEquals(acc, m.summary().validationAccuracy(), 1e-9);
      assertTrue(reports.stream().anyMatch(p -> !p.endOfEpoch()), "mid-epoch reports");
      assertEquals(1.0, reports.get(reports.size() - 1).fraction(), 1e-9);

      // The saved folder is a BertForSequenceClassification the runtime serves as it was trained.
      Path folder = dir.resolve("saved");
      m.save(folder, Map.of("testAccuracy", acc), Map.of("baseModel", "bert-mini"));
      assertTrue(FineTunedEncoder.isFolder(folder));
      FineTunedEncoder.Info info = FineTunedEncoder.readInfo(folder);
      assertEquals(train.labels(), info.labels());
      assertEquals(acc, ((Number) info.metrics().get("testAccuracy")).doubleValue(), 1e-12);
      assertEquals("bert-mini", info.metadata().get("baseModel"));
      ModelFolder saved = ModelFolder.open(folder);
      assertEquals(
          "BertForSequenceClassification",
          saved.config().getAsJsonArray("architectures").get(0).getAsString());
      assertEquals("story", saved.config().getAsJsonObject("id2label").get("2").getAsString());
      assertEquals(2, saved.config().getAsJsonObject("label2id").get("story").getAsInt());
      assertFalse(saved.isRandom());
      assertTrue(Files.isRegularFile(folder.resolve("tokenizer.json")));
      List<String> probe = test.texts().subList(0, 10);
      float[][] expected = m.probabilities(probe);
      try (ModelRuntime rt = new ModelRuntime(new DevicePolicy(Device.cpu(), DataType.FLOAT32))) {
        LocalEmbeddingModel served = rt.loadEmbedding(folder, EncoderOptions.defaults());
        assertEquals(train.labels(), served.labels());
        List<float[]> got = served.classify(probe).join();
        for (int i = 0; i < probe.size(); i++) {
          assertArrayEquals(expected[i], got.get(i), 1e-5f, probe.get(i));
        }
      }
    }
  }

  @Test
  void resumesFromItsLastCheckpointToTheSameWeights() {
    LabelledTexts train = texts(16, 4); // 48 texts: 3 steps per epoch, 6 in all
    FineTuneOptions o = options(2, 2);
    Path full = dir.resolve("full");
    try (FineTunedEncoder m = tuner.train(base, train, null, o, null, p -> {}, () -> false)) {
      assertEquals(6, m.summary().steps());
      assertEquals(0, m.summary().resumedFromStep());
      assertFlat(m);
      m.save(full, Map.of(), Map.of());
    }
    // Interrupted before its 4th step: the checkpoint of step 2 is on disk.
    Path ck = dir.resolve("checkpoint");
    AtomicInteger polls = new AtomicInteger();
    assertThrows(
        CancellationException.class,
        () -> tuner.train(base, train, null, o, ck, p -> {}, () -> polls.incrementAndGet() > 3));
    List<TrainingProgress> reports = new ArrayList<>();
    Path resumed = dir.resolve("resumed");
    try (FineTunedEncoder m = tuner.train(base, train, null, o, ck, reports::add, () -> false)) {
      assertEquals(2, m.summary().resumedFromStep());
      assertEquals(6, m.summary().steps());
      assertEquals(3, reports.get(0).step(), "continues with step 3");
      assertFlat(m);
      m.save(resumed, Map.of(), Map.of());
    }
    try (SafetensorsFile a = SafetensorsFile.open(full.resolve("model.safetensors"));
        SafetensorsFile b = SafetensorsFile.open(resumed.resolve("model.safetensors"))) {
      assertEquals(a.tensors().keySet(), b.tensors().keySet());
      for (String name : a.tensors().keySet()) {
        float[] x = a.readFloats(name);
        float[] z = b.readFloats(name);
        for (int i = 0; i < x.length; i++) {
          assertEquals(x[i], z[i], 1e-5f, name + "[" + i + "]");
        }
      }
    }
    // A different run (another seed) ignores that checkpoint and starts over.
    FineTuneOptions other = FineTuneOptions.fromMap(Map.of("epochs", 1, "seed", 9));
    try (FineTunedEncoder m = tuner.train(base, train, null, other, ck, p -> {}, () -> false)) {
      assertEquals(0, m.summary().resumedFromStep());
    }
  }

  /** After a run only the weights are left in its manager: every step's scope was closed. */
  static void assertFlat(FineTunedEncoder m) {
    int arrays = ((BaseNDManager) m.manager()).getManagedArrays().size();
    assertEquals(m.weights().tensors().size(), arrays);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    Engine.getEngine("PyTorch");
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        BertWeights w = BertWeights.load(base, root, DataType.FLOAT64, 3, 5);
        TextTokenizer tok = TextTokenizer.load(base)) {
      EncodedBatch batch =
          EncodedBatch.of(tok, List.of("hello world", "the weather is sunny", "robot"), 16, 0);
      long[] y = {1, 0, 2};
      w.tensors().forEach(t -> t.array().setRequiresGradient(true));
      try (NDManager s = root.newSubManager();
          GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(loss(w, s, batch, y));
      }
      int hello = tok.tokenId("hello");
      Object[][] probes = {
        {"classifier.weight", 5},
        {"pooler.dense.weight", 99},
        {"encoder.layer.0.attention.self.qkv.weight", 1234},
        {"encoder.layer.0.attention.self.qkv.bias", 600},
        {"encoder.layer.3.intermediate.dense.weight", 777},
        {"encoder.layer.1.attention.output.LayerNorm.bias", 7},
        {"embeddings.LayerNorm.weight", 10},
        {"embeddings.word_embeddings.weight", hello * 256 + 3},
        {"embeddings.position_embeddings.weight", 2 * 256 + 1},
      };
      double h = 1e-6;
      for (Object[] probe : probes) {
        NDArray a = tensor(w, (String) probe[0]);
        int idx = (Integer) probe[1];
        double analytic;
        try (NDArray g = a.getGradient()) {
          analytic = g.toDoubleArray()[idx];
        }
        double[] values = a.toDoubleArray();
        double original = values[idx];
        values[idx] = original + h;
        a.set(DoubleBuffer.wrap(values));
        double plus = lossValue(w, root, batch, y);
        values[idx] = original - h;
        a.set(DoubleBuffer.wrap(values));
        double minus = lossValue(w, root, batch, y);
        values[idx] = original;
        a.set(DoubleBuffer.wrap(values));
        double numeric = (plus - minus) / (2 * h);
        assertTrue(Math.abs(numeric) > 1e-9, probe[0] + " has no gradient to check");
        assertEquals(numeric, analytic, 1e-8 + 1e-4 * Math.abs(numeric), (String) probe[0]);
      }
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  static NDArray tensor(BertWeights w, String name) {
    return w.tensors().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no tensor " + name))
        .array();
  }

  static NDArray loss(BertWeights w, NDManager s, EncodedBatch b, long[] y) {
    return Loss.softmaxCrossEntropyLoss()
        .evaluate(new NDList(s.create(y)), new NDList(w.logits(s, b)));
  }

  static double lossValue(BertWeights w, NDManager root, EncodedBatch b, long[] y) {
    try (NDManager s = root.newSubManager()) {
      return loss(w, s, b, y).toDoubleArray()[0];
    }
  }

  @Test
  void rejectsWhatCannotTrain() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EncoderFineTuner.checkTrainable(dir.resolve("missing")));
    assertTrue(e.getMessage().contains("not a folder"), e.getMessage());
    Path tiny = RandomCheckpoint.create(dir.resolve("tiny"), "tiny", 1);
    e = assertThrows(IllegalArgumentException.class, () -> EncoderFineTuner.checkTrainable(tiny));
    assertTrue(e.getMessage().contains("qwen2"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FineTuneOptions.fromMap(Map.of("learningRate", 2)));
    assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> FineTuneOptions.fromMap(Map.of("epochz", 2)));
    assertTrue(e.getMessage().contains("epochz"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> FineTuneOptions.fromMap(Map.of("epochs", 1.5)));
    assertTrue(e.getMessage().contains("integer"), e.getMessage());
    assertEquals(0f, options(1, 1).learningRateAt(10, 10));
    FineTuneOptions d = FineTuneOptions.defaults(); // 10 % warmup then linear decay
    assertEquals(d.learningRate() / 10, d.learningRateAt(0, 100), 1e-12);
    assertEquals(d.learningRate(), d.learningRateAt(10, 100), 1e-12);
    assertEquals(d.learningRate() / 2, d.learningRateAt(55, 100), 1e-12);
  }
}
