package dev.switchboard.testkit.sample;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatHandler;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.api.model.Generation;
import io.vertx.core.Future;

/** Streams a model's answer, the way a real chat plugin does. */
@org.pf4j.Extension(ordinal = 2)
public class ModelChatHandler implements ChatHandler {

  @Override
  public String name() {
    return "model";
  }

  @Override
  public Future<ChatResult> chat(ChatRequest request, TaskContext ctx) {
    if (request.messages().stream().map(ChatMessage::content).allMatch(String::isBlank)) {
      return Future.failedFuture(TaskException.invalid("the conversation is empty"));
    }
    Generation generation =
        ctx.models()
            .chat(request.model())
            .generate(request, piece -> ctx.emit(ChatChunk.text(piece).toJson()));
    ctx.onCancel(generation::cancel);
    return generation.result();
  }
}
