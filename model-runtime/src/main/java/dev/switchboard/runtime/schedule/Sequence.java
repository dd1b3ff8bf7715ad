package dev.switchboard.runtime.schedule;

import dev.switchboard.runtime.FinishReason;
import dev.switchboard.runtime.GenerationHandle;
import dev.switchboard.runtime.GenerationOutcome;
import dev.switchboard.runtime.sampling.Sampler;
import dev.switchboard.runtime.text.StreamDecoder;
import dev.switchboard.runtime.text.ToolCalls;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One request's state inside the scheduler. Fields other than {@link #cancelled} are touched only
 * by the scheduler thread.
 */
final class Sequence implements GenerationHandle {
  final int[] prompt;
  final int maxTokens;
  final Sampler sampler;
  final StreamDecoder text;
  final Consumer<String> onText;
  final boolean toolsOffered;
  final CompletableFuture<GenerationOutcome> future = new CompletableFuture<>();
  final long enqueuedNanos = System.nanoTime();
  volatile boolean cancelled;
  int slot = -1;
  int prefilled;

  /** Tokens currently in the cache slot; the pending token goes to this position next. */
  int position;

  int generated;
  int pendingToken = -1;
  boolean done;

  Sequence(
      int[] prompt,
      int maxTokens,
      Sampler sampler,
      StreamDecoder text,
      Consumer<String> onText,
      boolean toolsOffered) {
    this.toolsOffered = toolsOffered;
    this.prompt = prompt;
    this.maxTokens = maxTokens;
    this.sampler = sampler;
    this.text = text;
    this.onText = onText;
  }

  boolean prefilling() {
    return prefilled < prompt.length;
  }

  void emit(String piece) {
    if (piece.isEmpty() || onText == null) {
      return;
    }
    try {
      onText.accept(piece);
    } catch (RuntimeException e) {
      // a broken sink must not take the batch down; treat it like a client that went away
      cancelled = true;
    }
  }

  GenerationOutcome outcome(FinishReason reason) {
    if (toolsOffered) {
      ToolCalls.Parsed p = ToolCalls.parse(text.text());
      return new GenerationOutcome(p.text(), reason, prompt.length, generated, p.calls());
    }
    return new GenerationOutcome(text.text(), reason, prompt.length, generated);
  }

  @Override
  public CompletableFuture<GenerationOutcome> result() {
    return future;
  }

  @Override
  public void cancel() {
    cancelled = true;
  }
}
