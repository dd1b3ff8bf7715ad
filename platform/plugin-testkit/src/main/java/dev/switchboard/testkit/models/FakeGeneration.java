package dev.switchboard.testkit.models;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.api.chat.ToolCall;
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
  private final List<ToolCall> toolCalls;
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
      List<ToolCall> toolCalls,
      Integer maxTokens,
      int promptTokens,
      long delayMillis,
      Consumer<String> onText,
      Runnable onCancelled) {
    this.model = model;
    this.pieces = pieces;
    this.toolCalls = toolCalls;
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
      // Like the runtime, calls come after the text and only when it was not cut short.
      finish(limit < pieces.size() ? "length" : toolCalls.isEmpty() ? "stop" : "tool_calls");
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
            new ChatMessage(
                "assistant",
                text.toString(),
                finishReason.equals("tool_calls") ? toolCalls : List.of(),
                null),
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
