package dev.switchboard.api.index;

import dev.switchboard.api.ApiStatus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A stored document, without its text.
 *
 * @param id the caller's document id
 * @param contentType the media type its text came from
 * @param metadata its metadata, never null
 * @param length the length of its text in characters
 * @param chunks how many chunks it has
 * @param updatedAt when it was last stored
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public record DocumentInfo(
    String id, String contentType, JsonObject metadata, int length, int chunks, Instant updatedAt) {

  /**
   * The JSON form, as the HTTP API lists documents.
   *
   * @return a new object
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("contentType", contentType)
        .put("metadata", metadata)
        .put("length", length)
        .put("chunks", chunks)
        .put("updatedAt", updatedAt == null ? null : updatedAt.toString());
  }
}
