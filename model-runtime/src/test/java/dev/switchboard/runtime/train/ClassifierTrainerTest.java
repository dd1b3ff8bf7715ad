package dev.switchboard.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTrainerTest {
  @TempDir Path dir;

  final ClassifierTrainer trainer = new ClassifierTrainer();

  /** Gaussian blobs around well separated class centres. */
  static TrainingData blobs(int classes, int perClass, int dim, long seed) {
    Random centres = new Random(7);
    float[][] c = new float[classes][dim];
    for (float[] v : c) {
      for (int d = 0; d < dim; d++) {
        v[d] = (float) centres.nextGaussian() * 3f;
      }
    }
    Random rnd = new Random(seed);
    float[][] x = new float[classes * perClass][];
    int[] y = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = i % classes;
      x[i] = new float[dim];
      for (int d = 0; d < dim; d++) {
        x[i][d] = c[y[i]][d] + (float) rnd.nextGaussian() * 0.5f;
      }
    }
    List<String> labels = new ArrayList<>();
    for (int k = 0; k < classes; k++) {
      labels.add("class-" + k);
    }
    return new TrainingData(labels, x, y);
  }

  static double accuracy(TrainedClassifier c, TrainingData d) {
    return ClassifierTrainer.evaluate(c, d)[1];
  }

  static TrainOptions quick() {
    return TrainOptions.defaults().withEpochs(15).withBatchSize(32).withLearningRate(0.05f);
  }

  @Test
  void softmaxLearnsSeparableProblem() {
    TrainingData train = blobs(4, 60, 16, 1);
    List<TrainingProgress> reports = new ArrayList<>();
    TrainingResult r = trainer.train(train, null, quick(), null, reports::add, () -> false);
    assertEquals(1.0, accuracy(r.classifier(), blobs(4, 50, 16, 99)), 0.0);
    assertEquals((Double) 1.0, r.classifier().metrics().get("validationAccuracy"));
    assertFalse(reports.isEmpty());
    TrainingProgress last = reports.get(reports.size() - 1);
    assertTrue(last.endOfEpoch());
    assertEquals(1.0, last.fraction(), 1e-9);
    assertTrue(reports.get(0).loss() > last.loss(), "loss falls");
  }

  @Test
  void aFirstStepWhoseGradientsSumToExactlyZeroDoesNotFailTheJob() {
    // All-zero inputs with balanced labels: the linear head's first gradients are exactly zero
    // (zero inputs; softmax of equal logits minus balanced one-hots), which DJL's own check takes
    // for a missing backward(). Real heads hit it by rounding: their gradients sum to zero too.
    float[][] x = new float[8][];
    int[] y = new int[8];
    for (int i = 0; i < x.length; i++) {
      x[i] = new float[4];
      y[i] = i % 2;
    }
    TrainingData same = new TrainingData(List.of("a", "b"), x, y);
    TrainingResult r =
        trainer.train(
            same, same, quick().withEpochs(2).withBatchSize(8), null, p -> {}, () -> false);
    assertEquals(2, r.epochs());
  }

  @Test
  void mlpLearnsSeparableProblem() {
    TrainingData train = blobs(3, 60, 16, 2);
    TrainOptions o = quick().withArchitecture("mlp").withHiddenUnits(32).withLearningRate(0.01f);
    TrainingResult r = trainer.train(train, o);
    assertEquals(1.0, accuracy(r.classifier(), blobs(3, 50, 16, 98)), 0.0);
    assertEquals("mlp", r.classifier().architecture());
  }

  @Test
  void sameSeedSameHeadOtherSeedOtherHead() {
    TrainingData train = blobs(3, 40, 8, 3);
    TrainOptions o = quick().withEpochs(3).withArchitecture("mlp").withHiddenUnits(16);
    float[] probe = train.x()[5];
    float[] a = trainer.train(train, o).classifier().logits(probe);
    float[] b = trainer.train(train, o).classifier().logits(probe);
    float[] c = trainer.train(train, o.withSeed(43)).classifier().logits(probe);
    assertArrayEquals(a, b, 0f);
    assertFalse(java.util.Arrays.equals(a, c));
  }

  @Test
  void stopsEarlyWhenValidationLossStopsFalling() {
    // Random labels: the head can only memorise, so validation loss rises after a few epochs.
    TrainingData noise = blobs(4, 50, 32, 4);
    int[] shuffled = noise.y().clone();
    Random rnd = new Random(5);
    for (int i = 0; i < shuffled.length; i++) {
      shuffled[i] = rnd.nextInt(4);
    }
    TrainingData d = new TrainingData(noise.labels(), noise.x(), shuffled);
    TrainOptions o =
        quick().withEpochs(200).withPatience(3).withArchitecture("mlp").withHiddenUnits(64);
    TrainingResult r = trainer.train(d, o);
    assertTrue(r.stoppedEarly());
    assertTrue(r.epochs() < 200, "stopped after " + r.epochs());
    assertEquals(r.bestEpoch() + 3, r.epochs());
  }

  @Test
  void saveAndLoadGiveEqualOutputs() {
    TrainingData train = blobs(3, 30, 8, 6);
    TrainedClassifier c =
        trainer
            .train(train, quick().withEpochs(2).withArchitecture("mlp").withHiddenUnits(8))
            .classifier()
            .withMetadata(java.util.Map.of("embeddingModel", "all-minilm-l6-v2"));
    c.save(dir.resolve("head"));
    assertTrue(TrainedClassifier.isClassifierFolder(dir.resolve("head")));
    TrainedClassifier loaded = TrainedClassifier.load(dir.resolve("head"));
    assertEquals(c.labels(), loaded.labels());
    assertEquals("all-minilm-l6-v2", loaded.metadata().get("embeddingModel"));
    assertEquals(c.metrics().get("validationAccuracy"), loaded.metrics().get("validationAccuracy"));
    List<float[]> in = List.of(train.x()[0], train.x()[1], train.x()[2]);
    List<float[]> before = c.classify(in);
    List<float[]> after = loaded.classify(in);
    for (int i = 0; i < in.size(); i++) {
      assertArrayEquals(before.get(i), after.get(i), 0f);
      float sum = 0;
      for (float p : after.get(i)) {
        sum += p;
      }
      assertEquals(1f, sum, 1e-5f);
    }
  }

  @Test
  void cancellationStopsTraining() {
    TrainingData train = blobs(3, 40, 8, 7);
    AtomicInteger polls = new AtomicInteger();
    assertThrows(
        CancellationException.class,
        () ->
            trainer.train(train, null, quick(), null, p -> {}, () -> polls.incrementAndGet() > 5));
    assertEquals(6, polls.get());
  }

  @Test
  void resumesFromCheckpoint() {
    TrainingData train = blobs(3, 40, 8, 8);
    TrainOptions o = quick().withEpochs(6).withPatience(0);
    Path ckpt = dir.resolve("ckpt");
    ClassifierTrainer trainer = this.trainer.withCheckpointInterval(java.time.Duration.ZERO);
    AtomicInteger epochs = new AtomicInteger();
    assertThrows(
        CancellationException.class,
        () ->
            trainer.train(
                train,
                null,
                o,
                ckpt,
                p -> {
                  if (p.endOfEpoch()) {
                    epochs.incrementAndGet();
                  }
                },
                () -> epochs.get() >= 2));
    List<TrainingProgress> reports = new ArrayList<>();
    TrainingResult r = trainer.train(train, null, o, ckpt, reports::add, () -> false);
    assertEquals(2, r.resumedFromEpoch());
    assertEquals(6, r.epochs());
    assertEquals(
        3, reports.stream().filter(TrainingProgress::endOfEpoch).findFirst().get().epoch());
    assertEquals(1.0, accuracy(r.classifier(), blobs(3, 30, 8, 97)), 0.0);
  }

  @Test
  void rejectsBadOptions() {
    assertThrows(IllegalArgumentException.class, () -> TrainOptions.defaults().withEpochs(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> TrainOptions.fromMap(java.util.Map.of("learningrate", 0.1)));
    assertEquals(
        "mlp", TrainOptions.fromMap(java.util.Map.of("architecture", "MLP")).architecture());
  }
}
