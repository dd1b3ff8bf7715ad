package dev.switchboard.auth;

import dev.switchboard.api.TaskException;
import dev.switchboard.http.Bodies;
import io.vertx.core.json.JsonArray;
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
  private static final Set<String> FIELDS = Set.of("name", "scopes", "rateLimit");

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
   * Reads {@code {"name","scopes":[..],"rateLimit"?:{"rps","burst"}}}; unknown fields are refused
   * so that a typo does not silently create a key without the limit its author meant.
   */
  public static KeyRequest fromJson(JsonObject body) {
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw TaskException.invalid(
            "unknown field '" + field + "'; a key takes name, scopes and rateLimit");
      }
    }
    String name = Bodies.string(body, "name");
    JsonArray raw = Bodies.optArray(body, "scopes");
    if (raw == null) {
      throw TaskException.invalid("'scopes' (an array of " + Scope.all() + ") is required");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      if (!(raw.getValue(i) instanceof String s)) {
        throw TaskException.invalid("scopes[" + i + "] must be a string");
      }
      names.add(s);
    }
    return new KeyRequest(
        name, Scope.parseAll(names), RateLimit.fromJson(Bodies.optObject(body, "rateLimit")));
  }
}
