package dev.switchboard.api.index;

import dev.switchboard.api.ApiStatus;
import io.vertx.core.json.JsonObject;

/**
 * A stored chunk, as read back for a result.
 *
 * @param chunkId the chunk's id
 * @param documentId the caller's id of its document
 * @param seq its position among the document's chunks, from 0
 * @param text the chunk text
 * @param start the offset of its first character in the document text
 * @param end the offset one past its last character
 * @param metadata the document's metadata with the chunk's own on top, never null
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public record StoredChunk(
    String chunkId,
    String documentId,
    int seq,
    String text,
    int start,
    int end,
    JsonObject metadata) {}
