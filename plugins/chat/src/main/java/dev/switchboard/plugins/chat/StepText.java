package dev.switchboard.plugins.chat;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.chat.ChatChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of one generation step. Streamed at once when the step can only end the answer; held
 * back when the step may turn out to be a plugin tool call, whose text is a preamble the caller
 * should not see, and streamed only once the step is known to be the answer.
 */
final class StepText {

  private final TaskContext ctx;
  private final boolean live;
  private final List<String> pieces = new ArrayList<>();

  StepText(TaskContext ctx, boolean live) {
    this.ctx = ctx;
    this.live = live;
  }

  /** Takes one decoded piece; called on the model's thread. */
  synchronized void add(String piece) {
    pieces.add(piece);
    if (live && !ctx.isCancelled()) {
      ctx.emit(ChatChunk.text(piece).toJson());
    }
  }

  /** Streams the held-back pieces: the step turned out to be the answer. */
  synchronized void release() {
    if (live) {
      return;
    }
    for (String piece : pieces) {
      // A client that goes away while the held-back text goes out gets no more of it.
      if (ctx.isCancelled()) {
        return;
      }
      ctx.emit(ChatChunk.text(piece).toJson());
    }
  }

  /** The step's text: exactly what was (or would have been) streamed. */
  synchronized String text() {
    return String.join("", pieces);
  }
}
