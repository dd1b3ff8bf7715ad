package dev.switchboard.runtime.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyper-parameters of one encoder fine-tuning run ({@link EncoderFineTuner}). Immutable; {@link
 * #defaults()} or {@link #fromMap}.
 *
 * @param epochs passes over the training data
 * @param batchSize texts per optimizer step (padded to the longest text of the batch)
 * @param learningRate peak AdamW learning rate, reached after warmup, then decaying linearly to 0
 * @param weightDecay decoupled AdamW weight decay (not applied to biases and LayerNorm)
 * @param warmupFraction share of all steps spent ramping the learning rate up linearly
 * @param clipNorm global gradient-norm limit; 0 disables clipping
 * @param maxLength texts are truncated to this many tokens, special tokens included
 * @param checkpointEvery optimizer steps between checkpoints (the last step always checkpoints)
 * @param validationFraction share of the training texts held out (stratified) when the caller gives
 *     no validation set
 * @param seed seeds the new head, shuffling and the validation split
 */
public record FineTuneOptions(
    int epochs,
    int batchSize,
    float learningRate,
    float weightDecay,
    float warmupFraction,
    float clipNorm,
    int maxLength,
    int checkpointEvery,
    float validationFraction,
    long seed) {

  /** Validates the combination. */
  public FineTuneOptions {
    check(epochs > 0 && epochs <= 1000, "epochs must be in [1, 1000]");
    check(batchSize > 0 && batchSize <= 4096, "batchSize must be in [1, 4096]");
    check(
        learningRate > 0 && learningRate < 1 && Float.isFinite(learningRate),
        "learningRate must be in (0, 1)");
    check(weightDecay >= 0 && weightDecay < 1, "weightDecay must be in [0, 1)");
    check(warmupFraction >= 0 && warmupFraction < 1, "warmupFraction must be in [0, 1)");
    check(clipNorm >= 0 && Float.isFinite(clipNorm), "clipNorm must not be negative");
    check(maxLength >= 2 && maxLength <= 8192, "maxLength must be in [2, 8192]");
    check(checkpointEvery > 0, "checkpointEvery must be positive");
    check(
        validationFraction >= 0 && validationFraction < 1, "validationFraction must be in [0, 1)");
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Defaults for a pretrained BERT checkpoint (the usual recipe: 3 epochs, batches of 16, peak
   * learning rate 5e-5 after 10 % warmup, weight decay 0.01, norm clipped at 1).
   */
  public static FineTuneOptions defaults() {
    return new FineTuneOptions(3, 16, 5e-5f, 0.01f, 0.1f, 1.0f, 128, 100, 0.1f, 42L);
  }

  /**
   * Overrides from a parsed JSON object (the {@code params} of a training job); unknown keys and
   * non-numbers fail so a typo never trains with a silent default.
   */
  public static FineTuneOptions fromMap(Map<String, ?> params) {
    Map<String, Object> m = new LinkedHashMap<>(defaults().toMap());
    if (params != null) {
      for (Map.Entry<String, ?> e : params.entrySet()) {
        if (!m.containsKey(e.getKey())) {
          throw new IllegalArgumentException("unknown fine-tuning parameter " + e.getKey());
        }
        if (!(e.getValue() instanceof Number)) {
          throw new IllegalArgumentException(e.getKey() + " must be a number, got " + e.getValue());
        }
        m.put(e.getKey(), e.getValue());
      }
    }
    return new FineTuneOptions(
        integer(m, "epochs"),
        integer(m, "batchSize"),
        ((Number) m.get("learningRate")).floatValue(),
        ((Number) m.get("weightDecay")).floatValue(),
        ((Number) m.get("warmupFraction")).floatValue(),
        ((Number) m.get("clipNorm")).floatValue(),
        integer(m, "maxLength"),
        integer(m, "checkpointEvery"),
        ((Number) m.get("validationFraction")).floatValue(),
        ((Number) m.get("seed")).longValue());
  }

  private static int integer(Map<String, Object> m, String key) {
    double v = ((Number) m.get(key)).doubleValue();
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + " must be an integer, got " + m.get(key));
    }
    return (int) v;
  }

  /** Everything as a map in a fixed order, for checkpoints and job records. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epochs", epochs);
    m.put("batchSize", batchSize);
    m.put("learningRate", learningRate);
    m.put("weightDecay", weightDecay);
    m.put("warmupFraction", warmupFraction);
    m.put("clipNorm", clipNorm);
    m.put("maxLength", maxLength);
    m.put("checkpointEvery", checkpointEvery);
    m.put("validationFraction", validationFraction);
    m.put("seed", seed);
    return m;
  }

  /**
   * The learning rate of update {@code step} (0-based) out of {@code total}: linear warmup to the
   * peak over {@link #warmupFraction()} of the steps, then linear decay to 0 at the end.
   */
  public float learningRateAt(long step, long total) {
    long warmup = (long) Math.floor(total * (double) warmupFraction);
    if (step < warmup) {
      return learningRate * (step + 1) / warmup;
    }
    long decay = Math.max(1, total - warmup);
    return learningRate * Math.max(0f, (float) (total - step) / decay);
  }
}
