package dev.switchboard.http;

import dev.switchboard.api.Principal;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.conversations.ConversationStore;
import dev.switchboard.conversations.TurnRecord;
import dev.switchboard.routing.TaskEnvelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A chat turn as the host runs it: resolves or creates the conversation, routes the task (streamed
 * or not), and stores the caller's messages with the answer before the caller hears it is done, so
 * an acknowledged turn survives a restart.
 */
final class ChatTurns {

  /**
   * A finished turn.
   *
   * @param result the chat result's JSON form
   * @param plugin the plugin that answered
   * @param conversationId the conversation it was stored in
   * @param messageId the stored answer's id, for feedback
   */
  record Turn(JsonObject result, String plugin, String conversationId, String messageId) {}

  private final TaskGateway gateway;
  private final ConversationStore conversations;

  ChatTurns(TaskGateway gateway, ConversationStore conversations) {
    this.gateway = gateway;
    this.conversations = conversations;
  }

  /**
   * Runs a turn.
   *
   * @param request the validated request; its conversation id, if any, must exist
   * @param principal the caller
   * @param envelope builds the envelope from the final input and conversation id
   * @param onChunk receives streamed chunks, or null for no stream
   */
  Future<Turn> run(
      ChatRequest request,
      Principal principal,
      Function<Routed, TaskEnvelope> envelope,
      Consumer<JsonObject> onChunk) {
    long start = System.nanoTime();
    boolean starts = request.conversationId() == null;
    // A new conversation gets its id now (streams announce it in their first chunk) but its row
    // only with the first stored turn; its plugin sees no conversation id, as there is no history.
    Future<String> conversation =
        starts
            ? Future.succeededFuture(UUID.randomUUID().toString())
            : conversations
                .require(request.conversationId(), owner(principal))
                .map(Object::toString);
    return conversation.compose(
        conversationId -> {
          ChatRequest bound =
              new ChatRequest(
                  request.model(),
                  request.messages(),
                  request.params(),
                  request.tools(),
                  starts ? null : conversationId,
                  request.extra());
          TaskEnvelope routed = envelope.apply(new Routed(bound.toJson(), conversationId));
          Future<TaskGateway.Outcome> outcome =
              onChunk == null ? gateway.submit(routed) : gateway.stream(routed, onChunk);
          return outcome.compose(
              done -> {
                ChatResult result = ChatResult.fromJson(done.result());
                int latencyMs = (int) ((System.nanoTime() - start) / 1_000_000);
                TurnRecord turn =
                    new TurnRecord(
                        conversationId,
                        request.messages(),
                        result,
                        done.plugin(),
                        latencyMs,
                        routed.id(),
                        starts ? principal : null);
                return conversations
                    .append(turn)
                    .map(
                        messageId ->
                            new Turn(
                                done.result(),
                                done.plugin(),
                                conversationId,
                                messageId.toString()));
              });
        });
  }

  /**
   * What the envelope is built from.
   *
   * @param input the chat request's JSON form, bound to its conversation
   * @param conversationId the conversation
   */
  record Routed(JsonObject input, String conversationId) {}

  /** A key without the admin scope may only continue its own conversations. */
  static String owner(Principal principal) {
    return principal.apiKeyId() == null || principal.scopes().contains("admin")
        ? null
        : principal.apiKeyId();
  }
}
