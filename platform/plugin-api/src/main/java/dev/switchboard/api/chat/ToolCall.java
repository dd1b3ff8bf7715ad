package dev.switchboard.api.chat;

import dev.switchboard.api.ApiStatus;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A call of a tool requested by the model.
 *
 * @param id the call id, echoed by the tool's answer message
 * @param name the tool name
 * @param arguments the arguments as a JSON text, as OpenAI transmits them
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record ToolCall(String id, String name, String arguments) {

  /**
   * Validates the fields.
   *
   * @param id the call id
   * @param name the tool name
   * @param arguments the arguments text
   */
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    arguments = arguments == null ? "{}" : arguments;
  }

  /**
   * The JSON form.
   *
   * @return a new object
   */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("arguments", arguments);
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}
   * @return the call
   */
  public static ToolCall fromJson(JsonObject json) {
    return new ToolCall(json.getString("id"), json.getString("name"), json.getString("arguments"));
  }
}
