package dev.switchboard.plugins.hello;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatHandler;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.api.chat.Usage;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import org.pf4j.Extension;

/**
 * Greets the last user message, streaming the answer word by word: {@code "Ada"} is answered with
 * {@code "Hello, Ada"}. The greeting comes from the plugin config key {@code greeting}.
 */
@Extension
public class HelloChatHandler implements ChatHandler {

  /** The config key of the greeting. */
  public static final String GREETING_KEY = "greeting";

  /** The greeting used when the config does not set one. */
  public static final String DEFAULT_GREETING = "Hello";

  @Override
  public String name() {
    return "hello";
  }

  @Override
  public Future<ChatResult> chat(ChatRequest request, TaskContext ctx) {
    String said = lastUserMessage(request.messages());
    if (said.isBlank()) {
      // A TaskException picks the error the caller sees: INVALID_INPUT answers 400.
      return Future.failedFuture(TaskException.invalid("there is no user message to greet"));
    }
    String[] words = (greeting(ctx) + ", " + said.strip()).split(" +");
    StringBuilder answer = new StringBuilder();
    for (int i = 0; i < words.length; i++) {
      if (stopRequested(ctx)) {
        return Future.succeededFuture(result(answer, "cancelled", said, i));
      }
      String piece = i == 0 ? words[i] : " " + words[i];
      answer.append(piece);
      ctx.emit(ChatChunk.text(piece).toJson());
    }
    return Future.succeededFuture(result(answer, "stop", said, words.length));
  }

  private static String lastUserMessage(List<ChatMessage> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals("user")) {
        return messages.get(i).content();
      }
    }
    return "";
  }

  // Operators edit the config by hand; a missing or mistyped value falls back to the default.
  private static String greeting(TaskContext ctx) {
    return ctx.config().getValue(GREETING_KEY) instanceof String s && !s.isBlank()
        ? s.strip()
        : DEFAULT_GREETING;
  }

  // isCancelled() turns true when the client goes away or the deadline passes; the clock check
  // catches a deadline that passed since the host last looked.
  private static boolean stopRequested(TaskContext ctx) {
    return ctx.isCancelled() || !Instant.now().isBefore(ctx.deadline());
  }

  private static ChatResult result(
      StringBuilder answer, String finishReason, String said, int words) {
    return new ChatResult(
        ChatMessage.of("assistant", answer.toString()),
        "hello",
        finishReason,
        new Usage(said.strip().split("\\s+").length, words),
        null);
  }
}
