package dev.switchboard.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One page of {@code GET /api/v1/keys}.
 *
 * @param items the keys, oldest first
 * @param next the cursor of the next page, or null on the last one
 */
public record KeyPage(List<ApiKey> items, String next) {

  /** {@code {"items":[..],"next":..}}. */
  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    items.forEach(k -> array.add(k.toJson()));
    return new JsonObject().put("items", array).put("next", next);
  }
}
