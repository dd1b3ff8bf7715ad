package dev.switchboard.runtime.encoder;

import java.util.List;

/** A text encoder that runs whole batches; the dynamic batcher sits in front of it. */
public interface TextEncoder extends AutoCloseable {
  /** One pooled (and, if configured, normalised) vector per text. */
  float[][] embedBatch(List<String> texts);

  /** Class probabilities per text; only for encoders with a classification head. */
  default float[][] classifyBatch(List<String> texts) {
    throw new UnsupportedOperationException("no classification head");
  }

  /** Labels of the classification head, or empty. */
  default List<String> labels() {
    return List.of();
  }

  /**
   * Batches this encoder can run at the same time from different threads. 1 (the default) for
   * encoders whose library already spreads one batch over all cores.
   */
  default int parallelism() {
    return 1;
  }

  /** Vector size. */
  int dimension();

  /** Tokens including special tokens, before truncation. */
  int countTokens(String text);

  /** Truncation length. */
  int maxTokens();

  @Override
  void close();
}
