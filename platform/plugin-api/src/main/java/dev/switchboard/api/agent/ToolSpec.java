package dev.switchboard.api.agent;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;

/**
 * Describes a tool to the model.
 *
 * @param name the function name, letters, digits, {@code _} and {@code -}, at most 64 characters
 * @param description what the tool does, for the model
 * @param parameters the JSON schema of the arguments object, never null
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record ToolSpec(String name, String description, JsonObject parameters) {

  /**
   * Validates the fields.
   *
   * @param name the name
   * @param description the description
   * @param parameters the schema
   */
  public ToolSpec {
    if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw TaskException.invalid("tool name must match [A-Za-z0-9_-]{1,64}, got " + name);
    }
    description = description == null ? "" : description;
    parameters = parameters == null ? new JsonObject().put("type", "object") : parameters;
  }

  /**
   * The JSON form.
   *
   * @return a new object
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("description", description)
        .put("parameters", parameters);
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}
   * @return the spec
   */
  public static ToolSpec fromJson(JsonObject json) {
    return new ToolSpec(
        json.getString("name"), json.getString("description"), json.getJsonObject("parameters"));
  }
}
