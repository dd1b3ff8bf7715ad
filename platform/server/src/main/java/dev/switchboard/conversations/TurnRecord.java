package dev.switchboard.conversations;

import dev.switchboard.api.Principal;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResult;
import java.util.List;

/**
 * One chat turn to store: the messages the caller sent and the answer, with how it was produced.
 *
 * @param conversationId the conversation
 * @param sent the caller's new messages, in order
 * @param answer the plugin's result
 * @param plugin the plugin that answered
 * @param latencyMs how long the whole turn took
 * @param requestId the routed request that produced the answer (its eval-log request id)
 * @param newConversation who starts the conversation when this turn creates it; null when the
 *     conversation exists already
 */
public record TurnRecord(
    String conversationId,
    List<ChatMessage> sent,
    ChatResult answer,
    String plugin,
    int latencyMs,
    String requestId,
    Principal newConversation) {}
