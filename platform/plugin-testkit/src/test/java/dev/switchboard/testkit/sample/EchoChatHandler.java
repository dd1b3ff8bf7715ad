package dev.switchboard.testkit.sample;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatHandler;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import io.vertx.core.Future;

/** Echoes the last message word by word, synchronously; stops between words when cancelled. */
@org.pf4j.Extension(ordinal = 1)
public class EchoChatHandler implements ChatHandler {

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public Future<ChatResult> chat(ChatRequest request, TaskContext ctx) {
    String text = request.messages().get(request.messages().size() - 1).content();
    if (text.isBlank()) {
      return Future.failedFuture(TaskException.invalid("nothing to echo"));
    }
    String prefix = ctx.config().getString("prefix", "");
    ctx.log().info("echoing {} characters", text.length());
    ctx.metrics().increment("echoes", "kind", "chat");
    StringBuilder answer = new StringBuilder();
    String[] words = (prefix + text).split(" ");
    for (int i = 0; i < words.length; i++) {
      if (ctx.isCancelled()) {
        return Future.succeededFuture(result(answer, "cancelled"));
      }
      String piece = i == 0 ? words[i] : " " + words[i];
      answer.append(piece);
      ctx.emit(ChatChunk.text(piece).toJson());
    }
    return Future.succeededFuture(result(answer, "stop"));
  }

  private static ChatResult result(StringBuilder answer, String finishReason) {
    return new ChatResult(
        ChatMessage.of("assistant", answer.toString()), "echo", finishReason, null, null);
  }
}
