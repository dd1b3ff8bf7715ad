package dev.switchboard.runtime;

import java.util.concurrent.CompletableFuture;

/** A running (or queued) generation. */
public interface GenerationHandle {
  /**
   * Completes when generation ends, on the model's scheduler thread: normally (also when cancelled,
   * with {@link FinishReason#CANCELLED} and the text so far), or exceptionally with {@link
   * QueueFullException} when the model's queue was full, or {@link IllegalArgumentException} when
   * the prompt does not fit the context window.
   */
  CompletableFuture<GenerationOutcome> result();

  /** Stops generation at the next step and frees its batch slot; idempotent. */
  void cancel();
}
