package dev.switchboard.runtime;

import java.util.List;

/**
 * Per-request generation settings. A null field means "the model's default" (its
 * generation_config.json, else a built-in default). Immutable; use the {@code withX} methods.
 *
 * @param maxTokens completion length cap
 * @param temperature 0 means greedy decoding
 * @param topK keep the k most likely tokens (0 or null: off)
 * @param topP nucleus sampling mass (1.0: off)
 * @param repetitionPenalty Hugging Face style penalty on tokens already in prompt or output (1.0:
 *     off)
 * @param stop stop sequences, matched on decoded text (also across token boundaries)
 * @param seed seed for reproducible sampling; null draws a random seed
 */
public record SamplingParams(
    Integer maxTokens,
    Double temperature,
    Integer topK,
    Double topP,
    Double repetitionPenalty,
    List<String> stop,
    Long seed) {

  /** Normalises the stop list. */
  public SamplingParams {
    stop = stop == null ? List.of() : List.copyOf(stop);
  }

  /** All model defaults. */
  public static SamplingParams defaults() {
    return new SamplingParams(null, null, null, null, null, List.of(), null);
  }

  /** Greedy decoding with a token cap. */
  public static SamplingParams greedy(int maxTokens) {
    return defaults().withTemperature(0.0).withMaxTokens(maxTokens);
  }

  /** Copy with a different cap. */
  public SamplingParams withMaxTokens(Integer v) {
    return new SamplingParams(v, temperature, topK, topP, repetitionPenalty, stop, seed);
  }

  /** Copy with a different temperature. */
  public SamplingParams withTemperature(Double v) {
    return new SamplingParams(maxTokens, v, topK, topP, repetitionPenalty, stop, seed);
  }

  /** Copy with a different top-k. */
  public SamplingParams withTopK(Integer v) {
    return new SamplingParams(maxTokens, temperature, v, topP, repetitionPenalty, stop, seed);
  }

  /** Copy with a different top-p. */
  public SamplingParams withTopP(Double v) {
    return new SamplingParams(maxTokens, temperature, topK, v, repetitionPenalty, stop, seed);
  }

  /** Copy with a different repetition penalty. */
  public SamplingParams withRepetitionPenalty(Double v) {
    return new SamplingParams(maxTokens, temperature, topK, topP, v, stop, seed);
  }

  /** Copy with different stop sequences. */
  public SamplingParams withStop(List<String> v) {
    return new SamplingParams(maxTokens, temperature, topK, topP, repetitionPenalty, v, seed);
  }

  /** Copy with a seed. */
  public SamplingParams withSeed(Long v) {
    return new SamplingParams(maxTokens, temperature, topK, topP, repetitionPenalty, stop, v);
  }
}
