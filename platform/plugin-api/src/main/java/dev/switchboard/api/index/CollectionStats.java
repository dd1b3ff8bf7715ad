package dev.switchboard.api.index;

import dev.switchboard.api.ApiStatus;

/**
 * What a collection holds.
 *
 * @param collection the collection
 * @param documents the number of documents
 * @param chunks the number of chunks
 * @param dimension the length of its embeddings
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public record CollectionStats(String collection, long documents, long chunks, int dimension) {}
