package dev.switchboard.plugins.chat;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.chat.ChatMessage;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Loads a conversation's stored turns and joins them with the turn being answered. */
final class History {

  private History() {}

  /**
   * The stored messages of a conversation, or none when the request names no conversation, the
   * conversation is new (not stored yet) or the host keeps no conversations.
   */
  static Future<List<ChatMessage>> load(TaskContext ctx, String conversationId, int limit) {
    if (conversationId == null || conversationId.isBlank()) {
      return Future.succeededFuture(List.of());
    }
    Future<List<ChatMessage>> stored;
    try {
      stored = ctx.conversations().history(conversationId, limit);
    } catch (TaskException e) {
      stored = Future.failedFuture(e);
    }
    return stored.recover(
        err -> {
          if (err instanceof TaskException e
              && (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.UNAVAILABLE)) {
            ctx.log().debug("no memory for conversation {}: {}", conversationId, e.getMessage());
            return Future.succeededFuture(List.of());
          }
          return Future.failedFuture(err);
        });
  }

  /**
   * Prepends the stored turns to the request's messages. The request may already repeat the end of
   * what is stored (a client that resends the whole conversation, or a host that stores the new
   * turn before it is answered), so the longest stored tail that the request starts with is left
   * out rather than sent twice. System messages of the history are dropped: the system prompt is
   * built afresh for every turn.
   *
   * @param stored the stored messages, oldest first
   * @param request the request's messages without its system messages
   * @return the conversation to answer, oldest first
   */
  static List<ChatMessage> join(List<ChatMessage> stored, List<ChatMessage> request) {
    List<ChatMessage> history = new ArrayList<>();
    for (ChatMessage m : stored) {
      if (!m.role().equals("system")) {
        history.add(m);
      }
    }
    int overlap = 0;
    for (int k = Math.min(history.size(), request.size()); k > 0; k--) {
      if (same(history.subList(history.size() - k, history.size()), request.subList(0, k))) {
        overlap = k;
        break;
      }
    }
    List<ChatMessage> out = new ArrayList<>(history.subList(0, history.size() - overlap));
    out.addAll(request);
    return out;
  }

  private static boolean same(List<ChatMessage> a, List<ChatMessage> b) {
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).role().equals(b.get(i).role())
          || !Objects.equals(a.get(i).content(), b.get(i).content())) {
        return false;
      }
    }
    return true;
  }
}
