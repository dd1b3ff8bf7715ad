package dev.switchboard.runtime;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A locally hosted text encoder behind a dynamic batcher. Thread-safe; model work runs on the
 * batcher's thread, and concurrent callers share forward passes.
 */
public interface LocalEmbeddingModel extends AutoCloseable {
  /** One vector per text, in order; fails with {@link QueueFullException} when overloaded. */
  CompletableFuture<List<float[]>> embed(List<String> texts);

  /** Vector size. */
  int dimension();

  /** Tokens of {@code text} including special tokens (before truncation). */
  int countTokens(String text);

  /** Texts longer than this are truncated. */
  int maxTokens();

  /** Served name. */
  String name();

  /** Class labels when the checkpoint has a sequence-classification head, else empty. */
  default List<String> labels() {
    return List.of();
  }

  /**
   * Class probabilities per text (softmax over {@link #labels()}); fails with {@link
   * UnsupportedOperationException} when there is no classification head.
   */
  default CompletableFuture<List<float[]>> classify(List<String> texts) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException(name() + " has no classification head"));
  }

  /** Stops the batcher and frees the model. */
  @Override
  void close();
}
