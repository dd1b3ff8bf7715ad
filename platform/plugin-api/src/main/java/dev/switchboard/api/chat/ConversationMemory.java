package dev.switchboard.api.chat;

import dev.switchboard.api.ApiStatus;
import io.vertx.core.Future;
import java.util.List;

/**
 * Read access to the conversations the host stores. The host persists every chat turn it routes
 * (the request's messages and the plugin's answer); a chat plugin reads earlier turns here to give
 * the model memory.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public interface ConversationMemory {

  /**
   * The stored messages of a conversation, oldest first. When there are more than {@code limit},
   * the newest {@code limit} are returned.
   *
   * @param conversationId the conversation
   * @param limit the most messages to return, at least 1
   * @return the messages; empty for a conversation with no stored messages; fails with {@code
   *     NOT_FOUND} for an unknown conversation id
   */
  Future<List<ChatMessage>> history(String conversationId, int limit);
}
