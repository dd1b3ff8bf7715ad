package dev.switchboard.api.retrieve;

import dev.switchboard.api.ApiStatus;
import io.vertx.core.json.JsonObject;

/**
 * One retrieved chunk.
 *
 * @param documentId the document it came from
 * @param chunkId the chunk's id
 * @param text the chunk text
 * @param score the relevance score; higher is better
 * @param start the chunk's first character offset in the document, for citations
 * @param end the offset one past its last character
 * @param metadata the document metadata, never null
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record RetrievedChunk(
    String documentId,
    String chunkId,
    String text,
    double score,
    int start,
    int end,
    JsonObject metadata) {

  /**
   * Validates the fields.
   *
   * @param documentId the document id
   * @param chunkId the chunk id
   * @param text the text
   * @param score the score
   * @param start the start offset
   * @param end the end offset
   * @param metadata the metadata
   */
  public RetrievedChunk {
    metadata = metadata == null ? new JsonObject() : metadata;
  }

  /**
   * The JSON form.
   *
   * @return a new object
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("documentId", documentId)
        .put("chunkId", chunkId)
        .put("text", text)
        .put("score", score)
        .put("start", start)
        .put("end", end)
        .put("metadata", metadata);
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}
   * @return the chunk
   */
  public static RetrievedChunk fromJson(JsonObject json) {
    return new RetrievedChunk(
        json.getString("documentId"),
        json.getString("chunkId"),
        json.getString("text"),
        json.getDouble("score", 0.0),
        json.getInteger("start", 0),
        json.getInteger("end", 0),
        json.getJsonObject("metadata"));
  }
}
