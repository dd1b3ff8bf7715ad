package dev.switchboard.runtime.train;

import java.util.Locale;
import java.util.Map;

/**
 * Hyper-parameters of one head-training run. Immutable; {@link #defaults()} then {@code withX}.
 *
 * @param architecture {@code softmax} (one linear layer) or {@code mlp} (one hidden layer, ReLU)
 * @param hiddenUnits width of the MLP's hidden layer (ignored for softmax)
 * @param dropout dropout rate before the MLP's output layer (ignored for softmax)
 * @param epochs maximum number of passes over the training data
 * @param batchSize examples per optimizer step
 * @param learningRate peak learning rate (Adam), reached after warmup
 * @param weightDecay L2 weight decay passed to Adam
 * @param warmupFraction fraction of all steps spent ramping the learning rate up linearly from 0
 * @param decay {@code cosine} or {@code linear} decay from the peak to 0 after warmup
 * @param clipNorm global gradient-norm limit; 0 disables clipping
 * @param patience epochs without a lower validation loss before stopping; 0 disables early stopping
 * @param validationFraction share of the training data held out (stratified) when the caller gives
 *     no validation set
 * @param seed seeds weight initialisation, shuffling, dropout and the validation split
 */
public record TrainOptions(
    String architecture,
    int hiddenUnits,
    float dropout,
    int epochs,
    int batchSize,
    float learningRate,
    float weightDecay,
    float warmupFraction,
    String decay,
    float clipNorm,
    int patience,
    float validationFraction,
    long seed) {

  /** Softmax regression. */
  public static final String SOFTMAX = "softmax";

  /** One hidden layer with ReLU. */
  public static final String MLP = "mlp";

  /** Validates the combination. */
  public TrainOptions {
    architecture = architecture.toLowerCase(Locale.ROOT);
    decay = decay.toLowerCase(Locale.ROOT);
    if (!architecture.equals(SOFTMAX) && !architecture.equals(MLP)) {
      throw new IllegalArgumentException(
          "architecture must be softmax or mlp, got " + architecture);
    }
    if (!decay.equals("cosine") && !decay.equals("linear")) {
      throw new IllegalArgumentException("decay must be cosine or linear, got " + decay);
    }
    check(hiddenUnits > 0, "hiddenUnits must be positive");
    check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
    check(epochs > 0, "epochs must be positive");
    check(batchSize > 0, "batchSize must be positive");
    check(learningRate > 0, "learningRate must be positive");
    check(weightDecay >= 0, "weightDecay must not be negative");
    check(warmupFraction >= 0 && warmupFraction < 1, "warmupFraction must be in [0, 1)");
    check(clipNorm >= 0, "clipNorm must not be negative");
    check(patience >= 0, "patience must not be negative");
    check(
        validationFraction >= 0 && validationFraction < 1, "validationFraction must be in [0, 1)");
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Defaults that train a softmax head on sentence embeddings well in seconds on a CPU. */
  public static TrainOptions defaults() {
    return new TrainOptions(
        SOFTMAX, 512, 0.1f, 60, 64, 0.01f, 0f, 0.05f, "cosine", 1.0f, 5, 0.1f, 42L);
  }

  /**
   * Overrides from a parsed JSON object (the {@code params} of a training job); unknown keys fail
   * so a typo never trains with a silent default.
   */
  public static TrainOptions fromMap(Map<String, ?> params) {
    TrainOptions o = defaults();
    if (params == null) {
      return o;
    }
    for (Map.Entry<String, ?> e : params.entrySet()) {
      Object v = e.getValue();
      o =
          switch (e.getKey()) {
            case "architecture" -> o.withArchitecture(String.valueOf(v));
            case "hiddenUnits" -> o.withHiddenUnits(num(e.getKey(), v).intValue());
            case "dropout" -> o.withDropout(num(e.getKey(), v).floatValue());
            case "epochs" -> o.withEpochs(num(e.getKey(), v).intValue());
            case "batchSize" -> o.withBatchSize(num(e.getKey(), v).intValue());
            case "learningRate" -> o.withLearningRate(num(e.getKey(), v).floatValue());
            case "weightDecay" -> o.withWeightDecay(num(e.getKey(), v).floatValue());
            case "warmupFraction" -> o.withWarmupFraction(num(e.getKey(), v).floatValue());
            case "decay" -> o.withDecay(String.valueOf(v));
            case "clipNorm" -> o.withClipNorm(num(e.getKey(), v).floatValue());
            case "patience" -> o.withPatience(num(e.getKey(), v).intValue());
            case "validationFraction" -> o.withValidationFraction(num(e.getKey(), v).floatValue());
            case "seed" -> o.withSeed(num(e.getKey(), v).longValue());
            default ->
                throw new IllegalArgumentException("unknown training parameter " + e.getKey());
          };
    }
    return o;
  }

  private static Number num(String key, Object v) {
    if (v instanceof Number n) {
      return n;
    }
    throw new IllegalArgumentException(key + " must be a number, got " + v);
  }

  /** Everything as a flat map, for checkpoints and job records. */
  public Map<String, Object> toMap() {
    return Map.ofEntries(
        Map.entry("architecture", architecture),
        Map.entry("hiddenUnits", hiddenUnits),
        Map.entry("dropout", dropout),
        Map.entry("epochs", epochs),
        Map.entry("batchSize", batchSize),
        Map.entry("learningRate", learningRate),
        Map.entry("weightDecay", weightDecay),
        Map.entry("warmupFraction", warmupFraction),
        Map.entry("decay", decay),
        Map.entry("clipNorm", clipNorm),
        Map.entry("patience", patience),
        Map.entry("validationFraction", validationFraction),
        Map.entry("seed", seed));
  }

  /** Sets {@link #architecture()}. */
  public TrainOptions withArchitecture(String v) {
    return new TrainOptions(
        v,
        hiddenUnits,
        dropout,
        epochs,
        batchSize,
        learningRate,
        weightDecay,
        warmupFraction,
        decay,
        clipNorm,
        patience,
        validationFraction,
        seed);
  }

  /** Sets {@link #hiddenUnits()}. */
  public TrainOptions withHiddenUnits(int v) {
    return new TrainOptions(
        architecture,
        v,
        dropout,
        epochs,
        batchSize,
        learningRate,
        weightDecay,
        warmupFraction,
        decay,
        clipNorm,
        patience,
        validationFraction,
        seed);
  }

  /** Sets {@link #dropout()}. */
  public TrainOptions withDropout(float v) {
    return new TrainOptions(
        architecture,
        hiddenUnits,
        v,
        epochs,
        batchSize,
        learningRate,
        weightDecay,
        warmupFraction,
        decay,
        clipNorm,
        patience,
        validationFraction,
        seed);
  }

  /** Sets {@link #epochs()}. */
  public TrainOptions withEpochs(int v) {
    return new TrainOptions(
        architecture,
        hiddenUnits,
        dropout,
        v,
        batchSize,
        learningRate,
        weightDecay,
        warmupFraction,
        decay,
        clipNorm,
        patience,
        validationFraction,
        seed);
  }

  /** Sets {@link #batchSize()}. */
  public TrainOptions withBatchSize(int v) {
    return new TrainOptions(
        architecture,
        hiddenUnits,
        dropout,
        epochs,
        v,
        learningRate,
        weightDecay,
        warmupFraction,
        decay,
        clipNorm,
        patience,
        validationFraction,
        seed);
  }

  /** Sets {@link #learningRate()}. */
  public TrainOptions withLearningRate(float v) {
    return new TrainOptions(
        architecture,
        hiddenUnits,
        dropout,
        epochs,
        batchSize,
        v,
        weightDecay,
        warmupFraction,
        decay,
        clipNorm,
        patience,
        validationFraction,
        seed);
  }

  /** Sets {@link #weightDecay()}. */
  public TrainOptions withWeightDecay(float v) {
    return new TrainOptions(
        architecture,
        hiddenUnits,
        dropout,
        epochs,
        batchSize,
        learningRate,
        v,
        warmupFraction,
        decay,
        clipNorm,
        patience,
        validationFraction,
        seed);
  }

  /** Sets {@link #warmupFraction()}. */
  public TrainOptions withWarmupFraction(float v) {
    return new TrainOptions(
        architecture,
        hiddenUnits,
        dropout,
        epochs,
        batchSize,
        learningRate,
        weightDecay,
        v,
        decay,
        clipNorm,
        patience,
        validationFraction,
        seed);
  }

  /** Sets {@link #decay()}. */
  public TrainOptions withDecay(String v) {
    return new TrainOptions(
        architecture,
        hiddenUnits,
        dropout,
        epochs,
        batchSize,
        learningRate,
        weightDecay,
        warmupFraction,
        v,
        clipNorm,
        patience,
        validationFraction,
        seed);
  }

  /** Sets {@link #clipNorm()}. */
  public TrainOptions withClipNorm(float v) {
    return new TrainOptions(
        architecture,
        hiddenUnits,
        dropout,
        epochs,
        batchSize,
        learningRate,
        weightDecay,
        warmupFraction,
        decay,
        v,
        patience,
        validationFraction,
        seed);
  }

  /** Sets {@link #patience()}. */
  public TrainOptions withPatience(int v) {
    return new TrainOptions(
        architecture,
        hiddenUnits,
        dropout,
        epochs,
        batchSize,
        learningRate,
        weightDecay,
        warmupFraction,
        decay,
        clipNorm,
        v,
        validationFraction,
        seed);
  }

  /** Sets {@link #validationFraction()}. */
  public TrainOptions withValidationFraction(float v) {
    return new TrainOptions(
        architecture,
        hiddenUnits,
        dropout,
        epochs,
        batchSize,
        learningRate,
        weightDecay,
        warmupFraction,
        decay,
        clipNorm,
        patience,
        v,
        seed);
  }

  /** Sets {@link #seed()}. */
  public TrainOptions withSeed(long v) {
    return new TrainOptions(
        architecture,
        hiddenUnits,
        dropout,
        epochs,
        batchSize,
        learningRate,
        weightDecay,
        warmupFraction,
        decay,
        clipNorm,
        patience,
        validationFraction,
        v);
  }
}
