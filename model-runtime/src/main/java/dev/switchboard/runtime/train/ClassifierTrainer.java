package dev.switchboard.runtime.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Trains a classifier head over frozen embeddings with DJL's {@link Trainer} on the PyTorch engine:
 * Adam, mini-batches shuffled per epoch, linear warmup then cosine or linear decay, global
 * gradient-norm clipping, early stopping on validation loss, checkpoints at epoch ends (at most one
 * per {@link #withCheckpointInterval interval}, and always after the last epoch).
 *
 * <p>Reproducible for a seed: weights are initialised from {@link Random}, shuffling derives from
 * the seed and the epoch (so a resumed run sees the same order), and the engine's seed is set for
 * dropout. Runs are serialised per JVM because PyTorch's random generator is process-wide.
 *
 * <p>A resumed run restarts Adam's moment estimates (DJL exposes no optimizer state); weights,
 * epoch, schedule position and early-stopping state continue from the checkpoint.
 */
public final class ClassifierTrainer {
  /** Held by every run: PyTorch's random generator and DJL's gradient collector are global. */
  static final Object ENGINE_LOCK = new Object();

  private final Device device;
  private final long checkpointMillis;

  /** Trains on the CPU: heads are small, and the CPU leaves a GPU to the models being served. */
  public ClassifierTrainer() {
    this(Device.cpu());
  }

  /** Trains on {@code device}. */
  public ClassifierTrainer(Device device) {
    this(device, 2_000);
  }

  private ClassifierTrainer(Device device, long checkpointMillis) {
    this.device = device;
    this.checkpointMillis = checkpointMillis;
  }

  /**
   * A trainer that checkpoints at most once per {@code interval} (default 2 s): epochs of small
   * heads take milliseconds, and writing two folders per epoch would dominate the run.
   */
  public ClassifierTrainer withCheckpointInterval(java.time.Duration interval) {
    return new ClassifierTrainer(device, interval.toMillis());
  }

  /** {@link #train(TrainingData, TrainingData, TrainOptions, Path, Consumer, BooleanSupplier)}. */
  public TrainingResult train(TrainingData data, TrainOptions options) {
    return train(data, null, options, null, p -> {}, () -> false);
  }

  /**
   * Trains a head.
   *
   * @param data training examples
   * @param validation validation examples; null splits {@link TrainOptions#validationFraction()}
   *     off {@code data} (stratified, seeded)
   * @param options hyper-parameters
   * @param checkpointDir where to checkpoint after each epoch, and resume from when it already
   *     holds a checkpoint of the same run; null for none
   * @param progress called on the training thread a few times per epoch
   * @param cancelled polled before every step
   * @throws CancellationException when {@code cancelled} turns true
   */
  public TrainingResult train(
      TrainingData data,
      TrainingData validation,
      TrainOptions options,
      Path checkpointDir,
      Consumer<TrainingProgress> progress,
      BooleanSupplier cancelled) {
    TrainingData train = data;
    TrainingData val = validation;
    if (val == null && options.validationFraction() > 0) {
      TrainingData[] parts = data.stratifiedSplit(options.validationFraction(), options.seed());
      train = parts[0];
      val = parts[1];
    }
    if (train.size() == 0) {
      throw new IllegalArgumentException("no training examples");
    }
    if (val != null && val.size() == 0) {
      val = null;
    }
    synchronized (ENGINE_LOCK) {
      return new Run(train, val, options, checkpointDir, progress, cancelled).execute();
    }
  }

  private final class Run {
    final TrainingData train;
    final TrainingData val;
    final TrainOptions o;
    final TrainingCheckpoint checkpoint;
    final Consumer<TrainingProgress> progress;
    final BooleanSupplier cancelled;
    final int dim;
    final int classes;
    final int stepsPerEpoch;
    final long totalSteps;
    final String fingerprint;

    Run(
        TrainingData train,
        TrainingData val,
        TrainOptions o,
        Path checkpointDir,
        Consumer<TrainingProgress> progress,
        BooleanSupplier cancelled) {
      this.train = train;
      this.val = val;
      this.o = o;
      this.checkpoint = checkpointDir == null ? null : new TrainingCheckpoint(checkpointDir);
      this.progress = progress;
      this.cancelled = cancelled;
      this.dim = train.dimension();
      this.classes = train.labels().size();
      this.stepsPerEpoch = (train.size() + o.batchSize() - 1) / o.batchSize();
      this.totalSteps = (long) stepsPerEpoch * o.epochs();
      this.fingerprint =
          o.toMap().toString()
              + "|"
              + train.size()
              + "|"
              + (val == null ? 0 : val.size())
              + "|"
              + dim
              + "|"
              + train.labels();
    }

    TrainingResult execute() {
      TrainingCheckpoint.State resume = checkpoint == null ? null : checkpoint.read(fingerprint);
      int startEpoch = resume == null ? 0 : resume.epoch();
      long step = resume == null ? 0 : resume.step();
      TrainedClassifier best = resume == null ? null : checkpoint.best();
      int bestEpoch = resume == null ? 0 : resume.bestEpoch();
      double bestLoss = resume == null ? Double.POSITIVE_INFINITY : resume.bestLoss();
      int badEpochs = resume == null ? 0 : resume.badEpochs();
      float[][] start = resume == null ? initialWeights() : weightsOf(checkpoint.last());

      Engine.getEngine("PyTorch").setRandomSeed((int) (o.seed() ^ (o.seed() >>> 32)) + startEpoch);
      List<TrainingProgress> history = new ArrayList<>();
      boolean stoppedEarly = false;
      boolean bestUnsaved = false;
      long lastCheckpoint = 0;
      int epoch = startEpoch;
      try (Model model = Model.newInstance("classifier-head", device, "PyTorch")) {
        model.setBlock(block());
        Optimizer adam =
            Optimizer.adam()
                .optLearningRateTracker(
                    LearningRateSchedule.of(o, (int) totalSteps, (int) Math.min(step, totalSteps)))
                .optWeightDecays(o.weightDecay())
                .build();
        DefaultTrainingConfig config =
            new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(adam)
                .optDevices(new Device[] {device});
        try (Trainer trainer = model.newTrainer(config)) {
          skipZeroGradientCheck(trainer);
          trainer.initialize(new Shape(o.batchSize(), dim));
          List<Parameter> params = parameters(model.getBlock());
          setWeights(params, start);
          int reportEvery = Math.max(1, stepsPerEpoch / 4);
          while (epoch < o.epochs()) {
            epoch++;
            int[] order = permutation(train.size(), new Random(o.seed() * 1_000_003L + epoch));
            double lossSum = 0;
            int lossCount = 0;
            for (int s = 0; s < stepsPerEpoch; s++) {
              if (cancelled.getAsBoolean()) {
                throw new CancellationException("training cancelled");
              }
              int from = s * o.batchSize();
              int to = Math.min(train.size(), from + o.batchSize());
              lossSum += trainStep(trainer, params, order, from, to);
              lossCount++;
              step++;
              if ((s + 1) % reportEvery == 0 && s + 1 < stepsPerEpoch) {
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
              }
            }
            TrainedClassifier current = toClassifier(readWeights(params), Map.of());
            double[] v =
                val == null ? new double[] {Double.NaN, Double.NaN} : evaluate(current, val);
            boolean improved = val == null || v[0] < bestLoss;
            if (improved) {
              bestLoss = val == null ? Double.NaN : v[0];
              bestEpoch = epoch;
              badEpochs = 0;
              best = current;
              bestUnsaved = true;
            } else {
              badEpochs++;
            }
            stoppedEarly = val != null && o.patience() > 0 && badEpochs >= o.patience();
            long now = System.currentTimeMillis();
            if (checkpoint != null
                && (now - lastCheckpoint >= checkpointMillis
                    || stoppedEarly
                    || epoch == o.epochs())) {
              lastCheckpoint = now;
              if (bestUnsaved) {
                checkpoint.writeBest(best);
                bestUnsaved = false;
              }
              checkpoint.writeLast(
                  current,
                  new TrainingCheckpoint.State(
                      fingerprint, epoch, step, bestEpoch, bestLoss, badEpochs));
            }
            TrainingProgress p =
                new TrainingProgress(
                    epoch,
                    step,
                    totalSteps,
                    lossSum / Math.max(1, lossCount),
                    v[0],
                    v[1],
                    stoppedEarly || epoch == o.epochs() ? 1.0 : (double) step / totalSteps,
                    true);
            history.add(p);
            progress.accept(p);
            if (stoppedEarly) {
              break;
            }
          }
        }
      }
      if (best == null) {
        // Resumed after the last epoch was already complete.
        best = checkpoint.best();
      }
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("epochs", epoch);
      metrics.put("bestEpoch", bestEpoch);
      metrics.put("trainExamples", train.size());
      if (val != null) {
        double[] v = evaluate(best, val);
        metrics.put("validationExamples", val.size());
        metrics.put("validationLoss", v[0]);
        metrics.put("validationAccuracy", v[1]);
      }
      TrainedClassifier result =
          best.withMetrics(metrics).withMetadata(Map.of("options", o.toMap().toString()));
      return new TrainingResult(result, epoch, bestEpoch, stoppedEarly, startEpoch, history);
    }

    /**
     * DJL's first {@code step()} refuses to go on when the <em>signed</em> sum of all gradients is
     * exactly zero, to catch a forgotten {@code backward()}. A softmax output layer's weight and
     * bias gradients sum to zero by construction (each row of softmax minus one-hot sums to zero),
     * so for a linear head the check only measures rounding, and now and then rounding lands on
     * 0.0f and a healthy job fails. {@code backward()} is always called in {@link #trainStep}.
     */
    private static void skipZeroGradientCheck(Trainer trainer) {
      try {
        java.lang.reflect.Field checked = Trainer.class.getDeclaredField("gradientsChecked");
        checked.setAccessible(true);
        checked.setBoolean(trainer, true);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // Another DJL version: keep its check.
      }
    }

    double trainStep(Trainer trainer, List<Parameter> params, int[] order, int from, int to) {
      int b = to - from;
      float[] xs = new float[b * dim];
      long[] ys = new long[b];
      for (int i = 0; i < b; i++) {
        int idx = order[from + i];
        System.arraycopy(train.x()[idx], 0, xs, i * dim, dim);
        ys[i] = train.y()[idx];
      }
      try (NDManager scope = trainer.getManager().newSubManager()) {
        NDArray x = scope.create(xs, new Shape(b, dim));
        NDArray y = scope.create(ys, new Shape(b));
        float loss;
        try (GradientCollector gc = trainer.newGradientCollector()) {
          NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
          NDArray l = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
          gc.backward(l);
          loss = l.getFloat();
        }
        if (o.clipNorm() > 0) {
          clipGradients(params, o.clipNorm(), scope);
        }
        trainer.step();
        return loss;
      }
    }

    Block block() {
      SequentialBlock b = new SequentialBlock();
      if (o.architecture().equals(TrainOptions.MLP)) {
        b.add(Linear.builder().setUnits(o.hiddenUnits()).build()).add(Activation.reluBlock());
        if (o.dropout() > 0) {
          b.add(Dropout.builder().optRate(o.dropout()).build());
        }
      }
      b.add(Linear.builder().setUnits(classes).build());
      return b;
    }

    /** Xavier-uniform weights and zero biases from the seed, in parameter order. */
    float[][] initialWeights() {
      Random rnd = new Random(o.seed());
      List<float[]> out = new ArrayList<>();
      int in = dim;
      if (o.architecture().equals(TrainOptions.MLP)) {
        out.add(xavier(rnd, o.hiddenUnits(), in));
        out.add(new float[o.hiddenUnits()]);
        in = o.hiddenUnits();
      }
      out.add(xavier(rnd, classes, in));
      out.add(new float[classes]);
      return out.toArray(new float[0][]);
    }

    TrainedClassifier toClassifier(float[][] w, Map<String, Object> metrics) {
      boolean mlp = w.length == 4;
      return new TrainedClassifier(
          o.architecture(),
          train.labels(),
          dim,
          mlp ? o.hiddenUnits() : 0,
          mlp ? w[0] : null,
          mlp ? w[1] : null,
          w[w.length - 2],
          w[w.length - 1],
          metrics,
          Map.of());
    }
  }

  /** {validation loss, validation accuracy} of a head. */
  static double[] evaluate(TrainedClassifier c, TrainingData data) {
    double loss = 0;
    int correct = 0;
    for (int i = 0; i < data.size(); i++) {
      float[] p = c.probabilities(data.x()[i]);
      loss -= Math.log(Math.max(p[data.y()[i]], 1e-12f));
      if (TrainedClassifier.argmax(p) == data.y()[i]) {
        correct++;
      }
    }
    return new double[] {loss / data.size(), (double) correct / data.size()};
  }

  static float[][] weightsOf(TrainedClassifier c) {
    return c.architecture().equals(TrainOptions.MLP)
        ? new float[][] {c.w1(), c.b1(), c.w2(), c.b2()}
        : new float[][] {c.w2(), c.b2()};
  }

  static List<Parameter> parameters(Block block) {
    List<Parameter> out = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      out.add(p.getValue());
    }
    return out;
  }

  static void setWeights(List<Parameter> params, float[][] w) {
    if (params.size() != w.length) {
      throw new IllegalStateException(params.size() + " parameters but " + w.length + " arrays");
    }
    for (int i = 0; i < w.length; i++) {
      NDArray a = params.get(i).getArray();
      if (a.size() != w[i].length) {
        throw new IllegalStateException(
            "parameter "
                + params.get(i).getName()
                + " has "
                + a.size()
                + " values, got "
                + w[i].length);
      }
      a.set(FloatBuffer.wrap(w[i]));
    }
  }

  static float[][] readWeights(List<Parameter> params) {
    float[][] w = new float[params.size()][];
    for (int i = 0; i < w.length; i++) {
      w[i] = params.get(i).getArray().toFloatArray();
    }
    return w;
  }

  static float[] xavier(Random rnd, int out, int in) {
    float a = (float) Math.sqrt(6.0 / (in + out));
    float[] w = new float[out * in];
    for (int i = 0; i < w.length; i++) {
      w[i] = (rnd.nextFloat() * 2 - 1) * a;
    }
    return w;
  }

  static int[] permutation(int n, Random rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * Scales all gradients in place so their joint L2 norm is at most {@code clipNorm}; returns the
   * norm before clipping. (DJL's optimizer option clips each element, not the norm.)
   */
  static double clipGradients(List<Parameter> params, float clipNorm, NDManager scope) {
    List<NDArray> grads = new ArrayList<>(params.size());
    double sq = 0;
    for (Parameter p : params) {
      NDArray g = p.getArray().getGradient();
      g.attach(scope); // the wrapper only; the gradient storage stays with the parameter
      grads.add(g);
      sq += g.square().sum().getFloat();
    }
    double norm = Math.sqrt(sq);
    if (norm > clipNorm) {
      float scale = (float) (clipNorm / (norm + 1e-6));
      for (NDArray g : grads) {
        g.muli(scale);
      }
    }
    return norm;
  }
}
