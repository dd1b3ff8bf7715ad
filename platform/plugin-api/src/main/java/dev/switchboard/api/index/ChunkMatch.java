package dev.switchboard.api.index;

import dev.switchboard.api.ApiStatus;

/**
 * One search match: which chunk, and how well it matched.
 *
 * @param chunkId the chunk's id, to read it with {@link DocumentIndex#chunks}
 * @param documentId the caller's id of the document it belongs to
 * @param score higher is better; the scale depends on the search
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public record ChunkMatch(String chunkId, String documentId, double score) {}
