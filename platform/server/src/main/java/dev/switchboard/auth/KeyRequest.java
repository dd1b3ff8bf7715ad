package dev.switchboard.auth;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a new key should be, validated: from {@code POST /api/v1/keys} or {@code keys create}.
 *
 * @param name a label, 1 to 100 printable characters
 * @param scopes at least one scope
 * @param rateLimit its own rate limit, or null for the server default
 */
public record KeyRequest(String name, Set<Scope> scopes, RateLimit rateLimit) {

  private static final int MAX_NAME = 100;

  /** Validates the fields. */
  public KeyRequest {
    if (name == null || name.isBlank()) {
      throw TaskException.invalid("'name' is required");
    }
    name = name.strip();
    if (name.length() > MAX_NAME) {
      throw TaskException.invalid("'name' must be at most " + MAX_NAME + " characters");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw TaskException.invalid("'name' must not contain control characters");
    }
    if (scopes == null || scopes.isEmpty()) {
      throw TaskException.invalid("'scopes' must name at least one of " + Scope.all());
    }
    scopes = Set.copyOf(scopes);
  }

  /**
   * Reads {@code {"name","scopes":[..],"rateLimit"?:{"rps","burst"}}} from {@code POST
   * /api/v1/keys}. The OpenAPI document has checked the types and refused unknown fields (so that a
   * typo does not silently create a key without the limit its author meant).
   */
  public static KeyRequest fromJson(JsonObject body) {
    List<String> names = new ArrayList<>();
    body.getJsonArray("scopes").forEach(name -> names.add((String) name));
    return new KeyRequest(
        body.getString("name"),
        Scope.parseAll(names),
        RateLimit.fromJson(body.getJsonObject("rateLimit")));
  }
}
