package dev.switchboard.runtime.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import dev.switchboard.runtime.encoder.BertConfig;
import dev.switchboard.runtime.encoder.BertWeights;
import dev.switchboard.runtime.encoder.EncodedBatch;
import dev.switchboard.runtime.safetensors.Checkpoint;
import dev.switchboard.runtime.store.ModelFolder;
import dev.switchboard.runtime.text.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Fine-tunes a BERT encoder ({@link BertWeights}, the runtime's own) end to end together with a new
 * classification head, with DJL autograd on the PyTorch engine: cross-entropy on padded,
 * attention-masked mini-batches shuffled per epoch, {@link AdamW} with decoupled weight decay,
 * linear warmup then linear decay, global gradient-norm clipping, one NDManager scope per step so
 * memory stays flat. Weights train in float32 on the given device (CPU or GPU).
 *
 * <p>Checkpoints every {@link FineTuneOptions#checkpointEvery()} steps and after the last one; a
 * run given the same checkpoint folder, options and data resumes from the last checkpoint with the
 * optimizer's moments, the step count and the epoch's shuffle, so it ends with the weights an
 * uninterrupted run would have (up to the engine's floating-point determinism).
 *
 * <p>Runs synchronously on the caller's thread (a training thread, never an event loop), one run
 * per JVM at a time: DJL's gradient collector is process-wide.
 */
public final class EncoderFineTuner {
  private final Device device;

  /** A tuner on {@code device}. */
  public EncoderFineTuner(Device device) {
    this.device = device;
  }

  /** The device it trains on. */
  public Device device() {
    return device;
  }

  /**
   * Checks that a folder can be fine-tuned: a BERT config, safetensors weights (the bundled
   * quantized ONNX MiniLM cannot) and a tokenizer.json.
   *
   * @throws IllegalArgumentException naming what is missing
   */
  public static void checkTrainable(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(folder + " is not a folder");
    }
    BertConfig.from(ModelFolder.open(folder));
    if (!Files.isRegularFile(folder.resolve(Checkpoint.SINGLE))
        && !Files.isRegularFile(folder.resolve(Checkpoint.INDEX))) {
      throw new IllegalArgumentException(
          folder + " has no safetensors weights (" + Checkpoint.SINGLE + "); only those train");
    }
    if (!Files.isRegularFile(folder.resolve("tokenizer.json"))) {
      throw new IllegalArgumentException(folder + " has no tokenizer.json");
    }
  }

  /** Trains without validation figures, checkpoints, progress or cancellation. */
  public FineTunedEncoder train(Path base, LabelledTexts data, FineTuneOptions options) {
    return train(base, data, null, options, null, p -> {}, () -> false);
  }

  /**
   * Fine-tunes {@code base} on {@code data}.
   *
   * @param base a BERT folder ({@link #checkTrainable})
   * @param data training texts
   * @param validation validation texts, scored at each epoch's end; null splits {@link
   *     FineTuneOptions#validationFraction()} off {@code data} (stratified, seeded)
   * @param options hyper-parameters
   * @param checkpointDir where to checkpoint, and resume from when it holds a checkpoint of the
   *     same run; null for none
   * @param progress called on this thread every few steps and at each epoch's end
   * @param cancelled polled before every step
   * @return the trained model, on the device; the caller closes it
   * @throws CancellationException when {@code cancelled} turns true
   */
  public FineTunedEncoder train(
      Path base,
      LabelledTexts data,
      LabelledTexts validation,
      FineTuneOptions options,
      Path checkpointDir,
      Consumer<TrainingProgress> progress,
      BooleanSupplier cancelled) {
    checkTrainable(base);
    LabelledTexts train = data;
    LabelledTexts val = validation;
    if (val == null && options.validationFraction() > 0) {
      LabelledTexts[] parts = data.stratifiedSplit(options.validationFraction(), options.seed());
      train = parts[0];
      val = parts[1];
    }
    if (train.size() == 0) {
      throw new IllegalArgumentException("no training examples");
    }
    if (val != null && val.size() == 0) {
      val = null;
    }
    synchronized (ClassifierTrainer.ENGINE_LOCK) {
      // Recording is on only inside the gradient collector; updates and validation run without.
      Engine.getEngine("PyTorch"); // loads the native library
      boolean grad = JniUtils.isGradMode();
      JniUtils.setGradMode(false);
      try {
        return new Run(base, train, val, options, checkpointDir, progress, cancelled).execute();
      } finally {
        JniUtils.setGradMode(grad);
      }
    }
  }

  private final class Run {
    final Path base;
    final LabelledTexts train;
    final LabelledTexts val;
    final FineTuneOptions o;
    final FineTuneCheckpoint checkpoint;
    final Consumer<TrainingProgress> progress;
    final BooleanSupplier cancelled;
    final int stepsPerEpoch;
    final long totalSteps;

    Run(
        Path base,
        LabelledTexts train,
        LabelledTexts val,
        FineTuneOptions o,
        Path checkpointDir,
        Consumer<TrainingProgress> progress,
        BooleanSupplier cancelled) {
      this.base = base;
      this.train = train;
      this.val = val;
      this.o = o;
      this.checkpoint = checkpointDir == null ? null : new FineTuneCheckpoint(checkpointDir);
      this.progress = progress;
      this.cancelled = cancelled;
      this.stepsPerEpoch = (train.size() + o.batchSize() - 1) / o.batchSize();
      this.totalSteps = (long) stepsPerEpoch * o.epochs();
    }

    String fingerprint() {
      return o.toMap()
          + "|"
          + base.toAbsolutePath().normalize()
          + "|"
          + train.labels()
          + "|"
          + train.size()
          + ":"
          + train.texts().hashCode()
          + ":"
          + java.util.Arrays.hashCode(train.y())
          + "|"
          + (val == null ? "-" : val.size() + ":" + val.texts().hashCode());
    }

    FineTunedEncoder execute() {
      BertConfig cfg = BertConfig.from(ModelFolder.open(base));
      int maxLength = Math.min(o.maxLength(), cfg.maxPositions());
      TextTokenizer tok = TextTokenizer.load(base);
      NDManager root = NDManager.newBaseManager(device, "PyTorch");
      try {
        List<EncodedBatch.Tokens> trainTokens =
            EncodedBatch.tokenize(tok, train.texts(), maxLength);
        List<EncodedBatch.Tokens> valTokens =
            val == null ? null : EncodedBatch.tokenize(tok, val.texts(), maxLength);
        String fingerprint = fingerprint();
        FineTuneCheckpoint.State resume = checkpoint == null ? null : checkpoint.read(fingerprint);
        int classes = train.labels().size();
        BertWeights w =
            resume != null
                ? BertWeights.load(checkpoint.model(), root, DataType.FLOAT32)
                : BertWeights.load(base, root, DataType.FLOAT32, classes, o.seed());
        if (w.classes() != classes) {
          throw new IllegalStateException("checkpoint has " + w.classes() + " classes");
        }
        List<BertWeights.Tensor> params = w.tensors();
        params.forEach(t -> t.array().setRequiresGradient(true));
        AdamW adamw = new AdamW(params, o.weightDecay(), root.newSubManager());
        if (resume != null) {
          adamw.load(checkpoint.optimizer());
        }
        long resumedFrom = resume == null ? 0 : resume.step();
        long step = resumedFrom;
        List<TrainingProgress> history = new ArrayList<>();
        double[] lastVal = null;
        long reportEvery = Math.max(1, Math.min(stepsPerEpoch / 4, totalSteps / 50));
        long t0 = System.nanoTime();
        double lossSum = 0;
        int lossCount = 0;
        while (step < totalSteps) {
          int epoch = (int) (step / stepsPerEpoch) + 1;
          int[] order =
              ClassifierTrainer.permutation(
                  train.size(), new Random(o.seed() * 1_000_003L + epoch));
          for (int s = (int) (step % stepsPerEpoch); s < stepsPerEpoch; s++) {
            if (cancelled.getAsBoolean()) {
              throw new CancellationException("training cancelled");
            }
            int from = s * o.batchSize();
            int to = Math.min(train.size(), from + o.batchSize());
            float loss =
                trainStep(
                    root,
                    w,
                    adamw,
                    trainTokens,
                    order,
                    from,
                    to,
                    o.learningRateAt(step, totalSteps));
            if (!Float.isFinite(loss)) {
              throw new IllegalStateException(
                  "the training loss became "
                      + loss
                      + " at step "
                      + (step + 1)
                      + "; lower learningRate");
            }
            step++;
            lossSum += loss;
            lossCount++;
            if (checkpoint != null && (step % o.checkpointEvery() == 0 || step == totalSteps)) {
              checkpoint.write(
                  w, base, train.labels(), adamw, new FineTuneCheckpoint.State(fingerprint, step));
            }
            if (step % reportEvery == 0 && s + 1 < stepsPerEpoch) {
              progress.accept(
                  new TrainingProgress(
                      epoch,
                      step,
                      totalSteps,
                      lossSum / lossCount,
                      Double.NaN,
                      Double.NaN,
                      (double) step / totalSteps,
                      false));
              lossSum = 0;
              lossCount = 0;
            }
          }
          lastVal = val == null ? null : FineTunedEncoder.evaluate(w, root, valTokens, val.y());
          TrainingProgress p =
              new TrainingProgress(
                  epoch,
                  step,
                  totalSteps,
                  lossCount == 0 ? Double.NaN : lossSum / lossCount,
                  lastVal == null ? Double.NaN : lastVal[0],
                  lastVal == null ? Double.NaN : lastVal[1],
                  (double) step / totalSteps,
                  true);
          lossSum = 0;
          lossCount = 0;
          history.add(p);
          progress.accept(p);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        adamw.close();
        params.forEach(t -> t.array().setRequiresGradient(false));
        if (lastVal == null && val != null) {
          lastVal = FineTunedEncoder.evaluate(w, root, valTokens, val.y());
        }
        FineTunedEncoder.Summary summary =
            new FineTunedEncoder.Summary(
                o.epochs(),
                step,
                resumedFrom,
                train.size(),
                val == null ? 0 : val.size(),
                lastVal == null ? Double.NaN : lastVal[0],
                lastVal == null ? Double.NaN : lastVal[1],
                step > resumedFrom ? (step - resumedFrom) / seconds : Double.NaN,
                history);
        return new FineTunedEncoder(root, w, tok, base, train.labels(), maxLength, summary);
      } catch (RuntimeException | Error e) {
        root.close();
        tok.close();
        throw e;
      }
    }

    /** One optimizer step on {@code order[from, to)}; returns the batch's mean loss. */
    float trainStep(
        NDManager root,
        BertWeights w,
        AdamW adamw,
        List<EncodedBatch.Tokens> tokens,
        int[] order,
        int from,
        int to,
        float lr) {
      List<EncodedBatch.Tokens> batch = new ArrayList<>(to - from);
      long[] ys = new long[to - from];
      for (int i = from; i < to; i++) {
        batch.add(tokens.get(order[i]));
        ys[i - from] = train.y()[order[i]];
      }
      try (NDManager scope = root.newSubManager()) {
        NDArray y = scope.create(ys);
        float loss;
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
          NDArray logits = w.logits(scope, EncodedBatch.pad(batch, 0));
          NDArray l = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits));
          gc.backward(l);
          loss = l.getFloat();
        }
        adamw.step(lr, o.clipNorm(), scope);
        return loss;
      }
    }
  }
}
