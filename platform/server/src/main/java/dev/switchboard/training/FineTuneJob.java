package dev.switchboard.training;

import dev.switchboard.models.ClassifierVersion;
import dev.switchboard.models.ModelService;
import dev.switchboard.runtime.train.ClassificationMetrics;
import dev.switchboard.runtime.train.FineTunedEncoder;
import dev.switchboard.runtime.train.LabelledTexts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * One encoder fine-tuning run, blocking, on its runner's thread: fine-tune the base BERT with a new
 * head on the version's training split (checkpointing into the job's folder, resuming from it),
 * score the test split, save the model as the classifier's next version (a Hugging Face folder) and
 * register it like a head.
 *
 * <p>Progress: training takes up to 95 %, testing and saving the rest.
 */
final class FineTuneJob {

  private final ModelService models;

  FineTuneJob(ModelService models) {
    this.models = models;
  }

  /**
   * Runs the job.
   *
   * @return the final metrics
   * @throws CancellationException when {@code cancelled} turns true
   */
  JsonObject run(
      TrainingJob job,
      LabelledSplits data,
      ClassifierParams params,
      Path checkpointDir,
      BooleanSupplier cancelled,
      ClassifierJob.ProgressSink report) {
    Path base = models.trainableEncoder(params.encoder());
    LabelledTexts train = texts(data, data.train());
    LabelledTexts validation = data.validation().isEmpty() ? null : texts(data, data.validation());
    if (validation != null && validation.size() == 0) {
      validation = null;
    }
    JsonArray curve = new JsonArray();
    JsonObject running = new JsonObject().put("curve", curve);
    JsonObject metrics;
    ClassifierVersion version;
    try (FineTunedEncoder model =
        models
            .encoderFineTuner()
            .train(
                base,
                train,
                validation,
                params.fineTuning(),
                checkpointDir,
                p -> {
                  JsonObject point = ClassifierJob.point(p);
                  curve.add(point);
                  if (p.endOfEpoch()) {
                    running
                        .put("epoch", p.epoch())
                        .put("validationAccuracy", ClassifierJob.finite(p.validationAccuracy()))
                        .put("validationLoss", ClassifierJob.finite(p.validationLoss()));
                  }
                  report.progress(0.95 * p.fraction(), running, point);
                },
                cancelled)) {
      FineTunedEncoder.Summary s = model.summary();
      metrics = running.copy();
      metrics
          .put("fineTuned", true)
          .put("encoder", params.encoder())
          .put("device", models.trainingDevice())
          .put("trainExamples", s.trainExamples())
          .put("validationExamples", s.validationExamples())
          .put("epochs", s.epochs())
          .put("steps", s.steps())
          .put("resumedFromStep", s.resumedFromStep())
          .put("stepsPerSecond", ClassifierJob.finite(s.stepsPerSecond()))
          .put("validationAccuracy", ClassifierJob.finite(s.validationAccuracy()))
          .put("validationLoss", ClassifierJob.finite(s.validationLoss()));
      Map<String, Object> saved = new LinkedHashMap<>();
      saved.put("trainExamples", s.trainExamples());
      saved.put("epochs", s.epochs());
      saved.put("steps", s.steps());
      if (s.validationExamples() > 0) {
        saved.put("validationExamples", s.validationExamples());
        saved.put("validationAccuracy", s.validationAccuracy());
        saved.put("validationLoss", s.validationLoss());
      }
      List<LabelledSplits.Labelled> test = data.test();
      if (!test.isEmpty()) {
        if (cancelled.getAsBoolean()) {
          throw new CancellationException("training cancelled");
        }
        List<String> texts = new ArrayList<>(test.size());
        test.forEach(l -> texts.add(l.text()));
        ClassificationMetrics m = ClassifierJob.score(data, test, model.predict(texts));
        metrics
            .put("testExamples", m.examples())
            .put("accuracy", m.accuracy())
            .put("macroF1", m.macroF1());
        saved.put("testAccuracy", m.accuracy());
        saved.put("testMacroF1", m.macroF1());
        saved.put("testExamples", m.examples());
      }
      report.progress(0.97, metrics, null);
      Path folder = models.classifiers().claimNextFolder(job.name());
      model.save(
          folder,
          saved,
          Map.of(
              "baseModel", params.encoder(),
              "trainingJob", job.id().toString(),
              "datasetVersionId", String.valueOf(job.datasetVersionId()),
              "options", params.fineTuning().toMap().toString()));
      version =
          models
              .classifiers()
              .register(job.name(), folder)
              .toCompletionStage()
              .toCompletableFuture()
              .join();
    }
    return metrics
        .put("version", version.version())
        .put("model", version.name() + "@" + version.version());
  }

  /** The examples whose label the training split has (others cannot be learned). */
  private static LabelledTexts texts(LabelledSplits data, List<LabelledSplits.Labelled> examples) {
    List<String> texts = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (LabelledSplits.Labelled l : examples) {
      int id = data.id(l.label());
      if (id >= 0) {
        texts.add(l.text());
        ids.add(id);
      }
    }
    return new LabelledTexts(
        data.labels(), texts, ids.stream().mapToInt(Integer::intValue).toArray());
  }
}
