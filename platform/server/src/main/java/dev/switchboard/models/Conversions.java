package dev.switchboard.models;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.GenerationParams;
import dev.switchboard.runtime.Msg;
import dev.switchboard.runtime.QueueFullException;
import dev.switchboard.runtime.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/** Maps between the plugin API's records and the model runtime's. */
final class Conversions {

  private Conversions() {}

  static List<Msg> messages(List<ChatMessage> messages) {
    List<Msg> out = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      if (!m.toolCalls().isEmpty() || m.role().equals("tool")) {
        throw TaskException.invalid(
            "local models take plain system, user and assistant messages; tool calls are handled"
                + " by the chat plugin, not the model handle");
      }
      out.add(new Msg(m.role(), m.content()));
    }
    return out;
  }

  static SamplingParams sampling(GenerationParams p) {
    return new SamplingParams(
        p.maxTokens(),
        p.temperature(),
        p.topK(),
        p.topP(),
        p.repetitionPenalty(),
        p.stop(),
        p.seed());
  }

  /** Runtime failures as the error model: a full queue is a retryable 429. */
  static Throwable failure(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof TaskException) {
      return cause;
    }
    if (cause instanceof QueueFullException q) {
      return new TaskException(ErrorCode.RATE_LIMITED, q.getMessage(), q);
    }
    if (cause instanceof IllegalArgumentException) {
      return TaskException.invalid(cause.getMessage());
    }
    return new TaskException(ErrorCode.INTERNAL, "model failure: " + cause.getMessage(), cause);
  }
}
