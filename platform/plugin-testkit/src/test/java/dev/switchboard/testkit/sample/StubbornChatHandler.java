package dev.switchboard.testkit.sample;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatHandler;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import io.vertx.core.Future;

/** Broken on purpose: ignores cancellation and accepts an empty conversation. */
@org.pf4j.Extension(ordinal = 3)
public class StubbornChatHandler implements ChatHandler {

  @Override
  public String name() {
    return "stubborn";
  }

  @Override
  public Future<ChatResult> chat(ChatRequest request, TaskContext ctx) {
    for (String word : new String[] {"I", " will", " not", " stop"}) {
      ctx.emit(ChatChunk.text(word).toJson());
    }
    return Future.succeededFuture(
        new ChatResult(ChatMessage.of("assistant", "I will not stop"), null, "stop", null, null));
  }
}
