package dev.switchboard.api.index;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;

/**
 * One chunk of a document to store.
 *
 * @param text the chunk text, not blank
 * @param start the offset of its first character in the document text
 * @param end the offset one past its last character
 * @param embedding its embedding, not empty; every chunk of a collection has the same length
 * @param metadata metadata of this chunk, laid over the document's; never null
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public record IndexedChunk(
    String text, int start, int end, float[] embedding, JsonObject metadata) {

  /**
   * Validates the fields.
   *
   * @param text the text
   * @param start the start offset
   * @param end the end offset
   * @param embedding the embedding
   * @param metadata the metadata
   */
  public IndexedChunk {
    if (text == null || text.isBlank()) {
      throw TaskException.invalid("a chunk has no text");
    }
    if (start < 0 || end < start) {
      throw TaskException.invalid("chunk offsets " + start + ".." + end + " are invalid");
    }
    if (embedding == null || embedding.length == 0) {
      throw TaskException.invalid("a chunk has no embedding");
    }
    metadata = metadata == null ? new JsonObject() : metadata;
  }
}
