package dev.switchboard.api.chat;

import dev.switchboard.api.ApiStatus;
import io.vertx.core.json.JsonObject;

/**
 * Token counts of one generation.
 *
 * @param promptTokens tokens read
 * @param completionTokens tokens generated
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record Usage(int promptTokens, int completionTokens) {

  /** No tokens. */
  public static final Usage NONE = new Usage(0, 0);

  /**
   * The sum of both counts.
   *
   * @return prompt plus completion tokens
   */
  public int totalTokens() {
    return promptTokens + completionTokens;
  }

  /**
   * The JSON form.
   *
   * @return a new object
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("promptTokens", promptTokens)
        .put("completionTokens", completionTokens)
        .put("totalTokens", totalTokens());
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}; null gives {@link #NONE}
   * @return the usage
   */
  public static Usage fromJson(JsonObject json) {
    if (json == null) {
      return NONE;
    }
    return new Usage(json.getInteger("promptTokens", 0), json.getInteger("completionTokens", 0));
  }
}
