package dev.switchboard.testkit.models;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.model.Generation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Streams scripted pieces one step at a time on the fake runtime thread, like a decoder loop. */
final class FakeGeneration implements Generation {

  private final String model;
  private final List<String> pieces;
  private final int limit;
  private final int promptTokens;
  private final long delayMillis;
  private final Consumer<String> onText;
  private final Runnable onCancelled;
  private final Promise<ChatResult> promise = Promise.promise();
  private final StringBuilder text = new StringBuilder();
  private volatile boolean cancelled;
  private int emitted;

  FakeGeneration(
      String model,
      List<String> pieces,
      Integer maxTokens,
      int promptTokens,
      long delayMillis,
      Consumer<String> onText,
      Runnable onCancelled) {
    this.model = model;
    this.pieces = pieces;
    this.limit = maxTokens == null ? pieces.size() : Math.min(maxTokens, pieces.size());
    this.promptTokens = promptTokens;
    this.delayMillis = delayMillis;
    this.onText = onText;
    this.onCancelled = onCancelled;
  }

  void start() {
    FakeRuntime.EXECUTOR.execute(this::step);
  }

  // Runs on the single runtime thread only, so the mutable state needs no lock.
  private void step() {
    if (cancelled) {
      onCancelled.run();
      finish("cancelled");
      return;
    }
    if (emitted == limit) {
      finish(limit < pieces.size() ? "length" : "stop");
      return;
    }
    String piece = pieces.get(emitted++);
    text.append(piece);
    try {
      onText.accept(piece);
    } catch (RuntimeException e) {
      promise.tryFail(e);
      return;
    }
    if (delayMillis > 0) {
      FakeRuntime.EXECUTOR.schedule(this::step, delayMillis, TimeUnit.MILLISECONDS);
    } else {
      FakeRuntime.EXECUTOR.execute(this::step);
    }
  }

  private void finish(String finishReason) {
    ChatResult result =
        new ChatResult(
            ChatMessage.of("assistant", text.toString()),
            model,
            finishReason,
            new Usage(promptTokens, emitted),
            null);
    promise.tryComplete(result);
  }

  @Override
  public Future<ChatResult> result() {
    return promise.future();
  }

  @Override
  public void cancel() {
    cancelled = true;
  }
}
