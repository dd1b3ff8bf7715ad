package dev.switchboard.runtime.lc4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.switchboard.runtime.LocalChatModel;
import java.util.concurrent.CompletionException;

/**
 * LangChain4j {@link StreamingChatModel} over a {@link LocalChatModel}: partial responses arrive on
 * the model's scheduler thread as text is decoded; the call itself returns at once.
 */
public final class RuntimeStreamingChatModel implements StreamingChatModel {
  private final LocalChatModel model;

  /** Wraps a loaded model. */
  public RuntimeStreamingChatModel(LocalChatModel model) {
    this.model = model;
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    try {
      model
          .generate(
              Lc4jMapping.messages(request.messages()),
              Lc4jMapping.tools(request),
              Lc4jMapping.params(request),
              handler::onPartialResponse)
          .result()
          .whenComplete(
              (o, err) -> {
                if (err != null) {
                  handler.onError(err instanceof CompletionException c ? c.getCause() : err);
                } else {
                  handler.onCompleteResponse(Lc4jMapping.response(model.name(), o));
                }
              });
    } catch (RuntimeException e) {
      handler.onError(e);
    }
  }
}
