package dev.switchboard.api.chat;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.PluginApi;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The outcome of a chat task.
 *
 * @param message the assistant message, never null
 * @param model the model that produced it
 * @param finishReason {@code stop}, {@code length}, {@code tool_calls} or {@code cancelled}
 * @param usage token counts, never null
 * @param metadata anything else for the caller, such as structured citations, never null
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record ChatResult(
    ChatMessage message, String model, String finishReason, Usage usage, JsonObject metadata) {

  /**
   * Validates the fields.
   *
   * @param message the message
   * @param model the model
   * @param finishReason the finish reason
   * @param usage the usage
   * @param metadata the metadata
   */
  public ChatResult {
    Objects.requireNonNull(message, "message");
    finishReason = finishReason == null ? "stop" : finishReason;
    usage = usage == null ? Usage.NONE : usage;
    metadata = metadata == null ? new JsonObject() : metadata;
  }

  /**
   * The JSON form.
   *
   * @return a new object
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("v", PluginApi.SCHEMA_VERSION)
        .put("message", message.toJson())
        .put("model", model)
        .put("finishReason", finishReason)
        .put("usage", usage.toJson())
        .put("metadata", metadata);
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}
   * @return the result
   */
  public static ChatResult fromJson(JsonObject json) {
    return new ChatResult(
        ChatMessage.fromJson(json.getJsonObject("message")),
        json.getString("model"),
        json.getString("finishReason"),
        Usage.fromJson(json.getJsonObject("usage")),
        json.getJsonObject("metadata"));
  }
}
