package dev.switchboard.runtime.lc4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.switchboard.runtime.LocalChatModel;
import java.util.concurrent.CompletionException;

/**
 * LangChain4j {@link ChatModel} over a {@link LocalChatModel}, so AI services, memory and RAG run
 * on local models. Blocks the calling thread until generation ends (LangChain4j's contract); the
 * model work itself runs on the model's scheduler. Tool specifications go to the chat template;
 * Hermes/Qwen-style {@code <tool_call>} blocks come back as tool execution requests.
 */
public final class RuntimeChatModel implements ChatModel {
  private final LocalChatModel model;

  /** Wraps a loaded model. */
  public RuntimeChatModel(LocalChatModel model) {
    this.model = model;
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    try {
      return Lc4jMapping.response(
          model.name(),
          model
              .generate(
                  Lc4jMapping.messages(request.messages()),
                  Lc4jMapping.tools(request),
                  Lc4jMapping.params(request),
                  null)
              .result()
              .join());
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
