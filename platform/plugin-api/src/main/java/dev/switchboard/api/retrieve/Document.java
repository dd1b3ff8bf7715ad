package dev.switchboard.api.retrieve;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;

/**
 * A document to ingest.
 *
 * @param id the caller's id; re-ingesting the same id replaces the document
 * @param text the plain text, not empty
 * @param metadata metadata stored with every chunk, never null
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record Document(String id, String text, JsonObject metadata) {

  /**
   * Validates the fields.
   *
   * @param id the id
   * @param text the text
   * @param metadata the metadata
   */
  public Document {
    if (id == null || id.isBlank()) {
      throw TaskException.invalid("document id is required");
    }
    if (text == null || text.isBlank()) {
      throw TaskException.invalid("document " + id + " has no text");
    }
    metadata = metadata == null ? new JsonObject() : metadata;
  }

  /**
   * The JSON form.
   *
   * @return a new object
   */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("text", text).put("metadata", metadata);
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}
   * @return the document
   */
  public static Document fromJson(JsonObject json) {
    return new Document(
        json.getString("id"), json.getString("text"), json.getJsonObject("metadata"));
  }
}
