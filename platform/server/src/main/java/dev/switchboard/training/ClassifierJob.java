package dev.switchboard.training;

import dev.switchboard.models.ClassifierVersion;
import dev.switchboard.models.ModelService;
import dev.switchboard.runtime.LocalEmbeddingModel;
import dev.switchboard.runtime.train.ClassificationMetrics;
import dev.switchboard.runtime.train.ClassifierTrainer;
import dev.switchboard.runtime.train.TrainOptions;
import dev.switchboard.runtime.train.TrainedClassifier;
import dev.switchboard.runtime.train.TrainingData;
import dev.switchboard.runtime.train.TrainingProgress;
import dev.switchboard.runtime.train.TrainingResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One head training run, blocking, on its runner's thread: embed the version's splits with the
 * embedding model, train a head (checkpointing into the job's folder, resuming from it), save it as
 * the classifier's next version, score it on the test split.
 *
 * <p>Progress: embedding takes the first 10 %, training up to 95 %, saving and testing the rest.
 */
final class ClassifierJob {

  private static final int EMBED_SLICE = 256; // below the batcher's queue bound

  private final ModelService models;
  private final ClassifierTrainer trainer = new ClassifierTrainer();

  ClassifierJob(ModelService models) {
    this.models = models;
  }

  /**
   * Runs the job.
   *
   * @param report receives progress (0-1) and the metrics so far
   * @return the final metrics
   * @throws CancellationException when {@code cancelled} turns true
   */
  JsonObject run(
      TrainingJob job,
      LabelledSplits data,
      ClassifierParams params,
      Path checkpointDir,
      BooleanSupplier cancelled,
      ProgressSink report) {
    TrainOptions options = params.head();
    String modelName = params.encoder() != null ? params.encoder() : ModelService.BUNDLED_EMBEDDING;
    LocalEmbeddingModel embedder = models.localEmbedding(modelName);
    int total = data.train().size() + data.validation().size() + data.test().size();
    int[] done = {0};
    Consumer<Integer> embedded =
        n -> {
          done[0] += n;
          report.progress(0.10 * done[0] / Math.max(1, total), null, null);
        };
    TrainingData train = embed(data, data.train(), embedder, cancelled, embedded);
    TrainingData validation =
        data.validation().isEmpty()
            ? null
            : embed(data, data.validation(), embedder, cancelled, embedded);
    List<LabelledSplits.Labelled> test = data.test();
    float[][] testX = vectors(test, embedder, cancelled, embedded);

    JsonArray curve = new JsonArray();
    JsonObject running = new JsonObject().put("curve", curve);
    TrainingResult result =
        trainer.train(
            train,
            validation,
            options,
            checkpointDir,
            p -> {
              JsonObject point = point(p);
              if (p.endOfEpoch()) {
                curve.add(point);
                running
                    .put("epoch", p.epoch())
                    .put("validationAccuracy", finite(p.validationAccuracy()))
                    .put("validationLoss", finite(p.validationLoss()));
              }
              report.progress(0.10 + 0.85 * p.fraction(), running, point);
            },
            cancelled);

    JsonObject metrics = running.copy();
    metrics
        .put("fineTuned", false)
        .put("embeddingModel", modelName)
        .put("trainExamples", train.size())
        .put("validationExamples", result.classifier().metrics().get("validationExamples"))
        .put("epochs", result.epochs())
        .put("bestEpoch", result.bestEpoch())
        .put("stoppedEarly", result.stoppedEarly())
        .put("resumedFromEpoch", result.resumedFromEpoch())
        .put("validationAccuracy", result.classifier().metrics().get("validationAccuracy"))
        .put("validationLoss", result.classifier().metrics().get("validationLoss"));
    TrainedClassifier head = result.classifier();
    if (!test.isEmpty()) {
      ClassificationMetrics m = score(head, data, test, testX);
      metrics
          .put("testExamples", m.examples())
          .put("accuracy", m.accuracy())
          .put("macroF1", m.macroF1());
      head =
          head.withMetrics(
              Map.of(
                  "testAccuracy",
                  m.accuracy(),
                  "testMacroF1",
                  m.macroF1(),
                  "testExamples",
                  m.examples()));
    }
    head =
        head.withMetadata(
            Map.of(
                "embeddingModel", modelName,
                "trainingJob", job.id().toString(),
                "datasetVersionId", String.valueOf(job.datasetVersionId())));
    Path folder = models.classifiers().claimNextFolder(job.name());
    head.save(folder);
    ClassifierVersion version =
        models
            .classifiers()
            .register(job.name(), folder)
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    return metrics
        .put("version", version.version())
        .put("model", version.name() + "@" + version.version());
  }

  /** Receives progress; {@code metrics} and {@code point} are null while embedding. */
  interface ProgressSink {
    void progress(double fraction, JsonObject metrics, JsonObject point);
  }

  private static ClassificationMetrics score(
      TrainedClassifier head,
      LabelledSplits data,
      List<LabelledSplits.Labelled> test,
      float[][] x) {
    int[] predicted = new int[test.size()];
    for (int i = 0; i < predicted.length; i++) {
      predicted[i] = head.predict(x[i]);
    }
    return score(data, test, predicted);
  }

  /** Test metrics of predicted class ids against the test examples' labels. */
  static ClassificationMetrics score(
      LabelledSplits data, List<LabelledSplits.Labelled> test, int[] predicted) {
    int classes = data.labels().size();
    int[] truth = new int[test.size()];
    for (int i = 0; i < truth.length; i++) {
      int id = data.id(test.get(i).label());
      // A label the model never saw counts as an extra class it can never predict: always wrong.
      truth[i] = id < 0 ? classes : id;
    }
    return ClassificationMetrics.of(truth, predicted, classes + 1);
  }

  static JsonObject point(TrainingProgress p) {
    return new JsonObject()
        .put("epoch", p.epoch())
        .put("step", p.step())
        .put("loss", finite(p.loss()))
        .put("validationLoss", finite(p.validationLoss()))
        .put("validationAccuracy", finite(p.validationAccuracy()))
        .put("endOfEpoch", p.endOfEpoch());
  }

  static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static TrainingData embed(
      LabelledSplits data,
      List<LabelledSplits.Labelled> examples,
      LocalEmbeddingModel embedder,
      BooleanSupplier cancelled,
      Consumer<Integer> embedded) {
    float[][] x = vectors(examples, embedder, cancelled, embedded);
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      if (data.id(examples.get(i).label()) >= 0) {
        keep.add(i); // validation labels the training split lacks cannot be learned
      }
    }
    float[][] kx = new float[keep.size()][];
    int[] ky = new int[keep.size()];
    for (int i = 0; i < kx.length; i++) {
      kx[i] = x[keep.get(i)];
      ky[i] = data.id(examples.get(keep.get(i)).label());
    }
    return new TrainingData(data.labels(), kx, ky);
  }

  private static float[][] vectors(
      List<LabelledSplits.Labelled> examples,
      LocalEmbeddingModel embedder,
      BooleanSupplier cancelled,
      Consumer<Integer> embedded) {
    float[][] out = new float[examples.size()][];
    for (int from = 0; from < examples.size(); from += EMBED_SLICE) {
      if (cancelled.getAsBoolean()) {
        throw new CancellationException("training cancelled");
      }
      int to = Math.min(examples.size(), from + EMBED_SLICE);
      List<String> texts = new ArrayList<>(to - from);
      for (LabelledSplits.Labelled l : examples.subList(from, to)) {
        texts.add(l.text());
      }
      List<float[]> v = embedder.embed(texts).join();
      for (int i = 0; i < v.size(); i++) {
        out[from + i] = v.get(i);
      }
      embedded.accept(to - from);
    }
    return out;
  }
}
