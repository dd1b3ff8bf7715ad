package dev.switchboard.api.chat;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.Json;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One streamed piece of an assistant message.
 *
 * @param delta the text added by this chunk, never null
 * @param toolCalls tool calls completed in this chunk, never null
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record ChatChunk(String delta, List<ToolCall> toolCalls) {

  /**
   * Validates the fields.
   *
   * @param delta the text
   * @param toolCalls the tool calls
   */
  public ChatChunk {
    delta = delta == null ? "" : delta;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /**
   * A text-only chunk.
   *
   * @param delta the text
   * @return the chunk
   */
  public static ChatChunk text(String delta) {
    return new ChatChunk(delta, List.of());
  }

  /**
   * The JSON form.
   *
   * @return a new object
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("delta", delta);
    if (!toolCalls.isEmpty()) {
      json.put("toolCalls", Json.array(toolCalls, ToolCall::toJson));
    }
    return json;
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}
   * @return the chunk
   */
  public static ChatChunk fromJson(JsonObject json) {
    return new ChatChunk(
        json.getString("delta"), Json.objects(json.getJsonArray("toolCalls"), ToolCall::fromJson));
  }
}
