package dev.switchboard.api.index;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A document with its chunks, as a retriever hands it to {@link DocumentIndex#replace}.
 *
 * @param collection the collection, not blank
 * @param id the caller's document id, unique within the collection
 * @param text the full document text; chunk offsets point into it
 * @param contentType the media type the text came from, such as {@code text/plain}; never null
 * @param metadata the document metadata, never null
 * @param chunks the chunks, at least one, each lying within the text
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public record IndexedDocument(
    String collection,
    String id,
    String text,
    String contentType,
    JsonObject metadata,
    List<IndexedChunk> chunks) {

  /**
   * Validates the fields.
   *
   * @param collection the collection
   * @param id the id
   * @param text the text
   * @param contentType the content type
   * @param metadata the metadata
   * @param chunks the chunks
   */
  public IndexedDocument {
    if (collection == null || collection.isBlank()) {
      throw TaskException.invalid("collection is required");
    }
    if (id == null || id.isBlank()) {
      throw TaskException.invalid("document id is required");
    }
    if (text == null) {
      throw TaskException.invalid("document " + id + " has no text");
    }
    if (chunks == null || chunks.isEmpty()) {
      throw TaskException.invalid("document " + id + " has no chunks");
    }
    chunks = List.copyOf(chunks);
    int dimension = chunks.get(0).embedding().length;
    for (IndexedChunk chunk : chunks) {
      if (chunk.end() > text.length()) {
        throw TaskException.invalid("a chunk of document " + id + " ends past its text");
      }
      if (chunk.embedding().length != dimension) {
        throw TaskException.invalid("the chunks of document " + id + " differ in embedding size");
      }
    }
    contentType = contentType == null ? "text/plain" : contentType;
    metadata = metadata == null ? new JsonObject() : metadata;
  }
}
