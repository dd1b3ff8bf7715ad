package dev.switchboard.api.chat;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskExtension;
import io.vertx.core.Future;

/** Serves chat tasks: a conversation in, an assistant message out, optionally streamed. */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public interface ChatHandler extends TaskExtension {

  /**
   * Answers a conversation. To stream, call {@link TaskContext#emit} with {@link ChatChunk}s before
   * completing the future with the whole message.
   *
   * @param request the conversation and generation settings
   * @param ctx the task context
   * @return the final result; fail it with a {@link dev.switchboard.api.TaskException} to choose
   *     the error the caller sees
   */
  Future<ChatResult> chat(ChatRequest request, TaskContext ctx);
}
