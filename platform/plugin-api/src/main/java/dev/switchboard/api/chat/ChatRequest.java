package dev.switchboard.api.chat;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.Json;
import dev.switchboard.api.PluginApi;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.agent.ToolSpec;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A chat task.
 *
 * @param model the model the caller asked for, or null for the route's default
 * @param messages the conversation so far, at least one message
 * @param params generation settings, never null
 * @param tools tools the model may call, never null
 * @param conversationId the stored conversation this turn belongs to, or null
 * @param extra route-specific settings (for example a system prompt or a collection for RAG), never
 *     null
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record ChatRequest(
    String model,
    List<ChatMessage> messages,
    GenerationParams params,
    List<ToolSpec> tools,
    String conversationId,
    JsonObject extra) {

  /**
   * Validates the fields.
   *
   * @param model the model
   * @param messages the conversation
   * @param params the settings
   * @param tools the tools
   * @param conversationId the conversation id
   * @param extra extra settings
   */
  public ChatRequest {
    if (messages == null || messages.isEmpty()) {
      throw TaskException.invalid("messages must hold at least one message");
    }
    messages = List.copyOf(messages);
    params = params == null ? GenerationParams.DEFAULTS : params;
    tools = tools == null ? List.of() : List.copyOf(tools);
    extra = extra == null ? new JsonObject() : extra;
  }

  /**
   * The JSON form.
   *
   * @return a new object
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("v", PluginApi.SCHEMA_VERSION)
        .put("model", model)
        .put("messages", Json.array(messages, ChatMessage::toJson))
        .put("params", params.toJson())
        .put("tools", Json.array(tools, ToolSpec::toJson))
        .put("conversationId", conversationId)
        .put("extra", extra);
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}
   * @return the request
   */
  public static ChatRequest fromJson(JsonObject json) {
    return new ChatRequest(
        json.getString("model"),
        Json.objects(json.getJsonArray("messages"), ChatMessage::fromJson),
        GenerationParams.fromJson(json.getJsonObject("params")),
        Json.objects(json.getJsonArray("tools"), ToolSpec::fromJson),
        json.getString("conversationId"),
        json.getJsonObject("extra"));
  }
}
