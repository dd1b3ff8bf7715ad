package dev.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * Who a request is made for.
 *
 * @param user the user name or id; {@code anonymous} in dev mode
 * @param apiKeyId the id of the API key used, or null when none was
 * @param scopes the scopes granted to the caller, never null
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record Principal(String user, String apiKeyId, List<String> scopes) {

  /** The principal of unauthenticated loopback requests in dev mode. */
  public static final Principal ANONYMOUS = new Principal("anonymous", null, List.of());

  /**
   * Validates and copies the fields.
   *
   * @param user the user name or id
   * @param apiKeyId the API key id, may be null
   * @param scopes the scopes
   */
  public Principal {
    Objects.requireNonNull(user, "user");
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }

  /**
   * The JSON form.
   *
   * @return a new JSON object
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("user", user)
        .put("apiKeyId", apiKeyId)
        .put("scopes", new JsonArray(List.copyOf(scopes)));
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}; null gives {@link #ANONYMOUS}
   * @return the principal
   */
  public static Principal fromJson(JsonObject json) {
    if (json == null) {
      return ANONYMOUS;
    }
    return new Principal(
        json.getString("user", "anonymous"),
        json.getString("apiKeyId"),
        Json.strings(json.getJsonArray("scopes")));
  }
}
