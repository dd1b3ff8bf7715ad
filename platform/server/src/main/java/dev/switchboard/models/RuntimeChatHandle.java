package dev.switchboard.models;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.switchboard.api.agent.ToolSpec;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.api.model.ChatModelHandle;
import dev.switchboard.api.model.Generation;
import dev.switchboard.runtime.GenerationHandle;
import dev.switchboard.runtime.LocalChatModel;
import dev.switchboard.runtime.lc4j.RuntimeStreamingChatModel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Consumer;

/**
 * A hosted chat model as plugins see it. Results complete on the caller's Vert.x context; text
 * arrives on the model's scheduler thread, as the API promises. Tools in the request go to the chat
 * template; the calls the model writes come back as the message's tool calls (never streamed), with
 * finish reason {@code tool_calls}.
 */
final class RuntimeChatHandle implements ChatModelHandle {

  private final Vertx vertx;
  private final LocalChatModel model;
  private final RuntimeStreamingChatModel langchain4j;

  RuntimeChatHandle(Vertx vertx, LocalChatModel model) {
    this.vertx = vertx;
    this.model = model;
    this.langchain4j = new RuntimeStreamingChatModel(model);
  }

  @Override
  public String name() {
    return model.name();
  }

  @Override
  public Generation generate(
      dev.switchboard.api.chat.ChatRequest request, Consumer<String> onText) {
    Context context = vertx.getOrCreateContext();
    GenerationHandle handle;
    try {
      handle =
          model.generate(
              Conversions.messages(request.messages()),
              Conversions.tools(request.tools()),
              Conversions.sampling(request.params()),
              onText);
    } catch (RuntimeException e) {
      Throwable mapped = Conversions.failure(e);
      return new Generation() {
        @Override
        public Future<ChatResult> result() {
          return Future.failedFuture(mapped);
        }

        @Override
        public void cancel() {}
      };
    }
    Promise<ChatResult> promise = Promise.promise();
    handle
        .result()
        .whenComplete(
            (outcome, err) ->
                // Back on the caller's context, so its callbacks never run on a model thread.
                context.runOnContext(
                    v -> {
                      if (err != null) {
                        promise.tryFail(Conversions.failure(err));
                      } else {
                        promise.tryComplete(Conversions.result(name(), outcome));
                      }
                    }));
    return new Generation() {
      @Override
      public Future<ChatResult> result() {
        return promise.future();
      }

      @Override
      public void cancel() {
        handle.cancel();
      }
    };
  }

  @Override
  public int countTokens(List<ChatMessage> messages) {
    return model.countTokens(Conversions.messages(messages));
  }

  @Override
  public int countTokens(List<ChatMessage> messages, List<ToolSpec> tools) {
    return model.countTokens(Conversions.messages(messages), Conversions.tools(tools));
  }

  @Override
  public int contextLength() {
    return model.contextLength();
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    langchain4j.doChat(request, handler);
  }
}
