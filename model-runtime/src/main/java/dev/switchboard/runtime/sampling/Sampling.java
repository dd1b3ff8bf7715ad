package dev.switchboard.runtime.sampling;

import dev.switchboard.runtime.SamplingParams;
import dev.switchboard.runtime.text.GenerationConfig;
import java.util.List;

/**
 * Concrete sampling settings after merging request parameters over the model's generation config
 * over built-in defaults.
 *
 * @param greedy take the arg-max
 * @param temperature softmax temperature (&gt; 0 when sampling)
 * @param topK 0 disables
 * @param topP 1 disables
 * @param repetitionPenalty 1 disables
 * @param maxTokens completion cap
 * @param stop stop sequences
 * @param seed random seed
 */
public record Sampling(
    boolean greedy,
    double temperature,
    int topK,
    double topP,
    double repetitionPenalty,
    int maxTokens,
    List<String> stop,
    long seed) {

  /** Completion cap when neither request nor model names one. */
  public static final int DEFAULT_MAX_TOKENS = 256;

  /** Merges request over model defaults. */
  public static Sampling resolve(SamplingParams p, GenerationConfig g) {
    boolean greedy;
    double temp;
    if (p.temperature() != null) {
      temp = p.temperature();
      greedy = temp <= 0;
    } else {
      temp = g.temperature() != null ? g.temperature() : 1.0;
      greedy = g.doSample() == null || !g.doSample() || temp <= 0;
    }
    int topK = p.topK() != null ? p.topK() : g.topK() != null ? g.topK() : 0;
    double topP = p.topP() != null ? p.topP() : g.topP() != null ? g.topP() : 1.0;
    double rep =
        p.repetitionPenalty() != null
            ? p.repetitionPenalty()
            : g.repetitionPenalty() != null ? g.repetitionPenalty() : 1.0;
    int max =
        p.maxTokens() != null
            ? p.maxTokens()
            : g.maxNewTokens() != null ? g.maxNewTokens() : DEFAULT_MAX_TOKENS;
    if (max < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1, got " + max);
    }
    if (topP <= 0 || topP > 1) {
      throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
    }
    if (rep <= 0) {
      throw new IllegalArgumentException("repetitionPenalty must be > 0, got " + rep);
    }
    long seed = p.seed() != null ? p.seed() : new java.util.SplittableRandom().nextLong();
    return new Sampling(greedy, temp, Math.max(0, topK), topP, rep, max, p.stop(), seed);
  }
}
