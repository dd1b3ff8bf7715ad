package dev.switchboard.api.chat;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.Json;
import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * One message of a conversation.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text; may be empty for an assistant message that only calls tools
 * @param toolCalls the tools an assistant message calls, never null
 * @param toolCallId for a {@code tool} message, the call it answers; otherwise null
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record ChatMessage(
    String role, String content, List<ToolCall> toolCalls, String toolCallId) {

  private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

  /**
   * Validates the fields.
   *
   * @param role the role
   * @param content the text
   * @param toolCalls the tool calls
   * @param toolCallId the answered call id
   */
  public ChatMessage {
    if (role == null || !ROLES.contains(role)) {
      throw TaskException.invalid("message role must be one of " + ROLES + ", got " + role);
    }
    content = content == null ? "" : content;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /**
   * A plain message.
   *
   * @param role the role
   * @param content the text
   * @return the message
   */
  public static ChatMessage of(String role, String content) {
    return new ChatMessage(role, content, List.of(), null);
  }

  /**
   * The JSON form.
   *
   * @return a new object
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("role", role).put("content", content);
    if (!toolCalls.isEmpty()) {
      json.put("toolCalls", Json.array(toolCalls, ToolCall::toJson));
    }
    if (toolCallId != null) {
      json.put("toolCallId", toolCallId);
    }
    return json;
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}
   * @return the message
   */
  public static ChatMessage fromJson(JsonObject json) {
    return new ChatMessage(
        json.getString("role"),
        json.getString("content"),
        Json.objects(json.getJsonArray("toolCalls"), ToolCall::fromJson),
        json.getString("toolCallId"));
  }
}
