package dev.switchboard.testkit;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ConversationMemory;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link ConversationMemory} in memory, so a chat plugin's memory can be tested without the
 * server. It follows the server's contract: oldest first, the newest {@code limit} messages when
 * there are more, {@code NOT_FOUND} for a conversation it never stored. Unlike the server it stores
 * nothing by itself; a test records the earlier turns with {@link #add}.
 *
 * <p>{@link PluginTestHost} keeps one per host, shared by all its tasks; reach it through {@link
 * PluginTestHost#conversations()}.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class InMemoryConversationMemory implements ConversationMemory {

  private final Map<String, List<ChatMessage>> conversations = new HashMap<>();

  /** Creates an empty memory. */
  public InMemoryConversationMemory() {}

  /**
   * Appends messages to a conversation, creating it when it is new.
   *
   * @param conversationId the conversation
   * @param messages the messages, oldest first
   * @return this memory
   */
  public synchronized InMemoryConversationMemory add(
      String conversationId, ChatMessage... messages) {
    Objects.requireNonNull(conversationId, "conversationId");
    conversations
        .computeIfAbsent(conversationId, id -> new ArrayList<>())
        .addAll(List.of(messages));
    return this;
  }

  @Override
  public synchronized Future<List<ChatMessage>> history(String conversationId, int limit) {
    if (limit < 1) {
      return Future.failedFuture(TaskException.invalid("limit must be at least 1"));
    }
    List<ChatMessage> messages = conversations.get(conversationId);
    if (messages == null) {
      return Future.failedFuture(TaskException.notFound("unknown conversation " + conversationId));
    }
    int from = Math.max(0, messages.size() - limit);
    return Future.succeededFuture(List.copyOf(messages.subList(from, messages.size())));
  }
}
