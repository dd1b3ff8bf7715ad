package dev.switchboard.api.index;

import dev.switchboard.api.ApiStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Documents and their chunks, stored and searched by the host: full-text ranking over the chunk
 * text and nearest-neighbour search over the chunk embeddings, both per named collection.
 *
 * <p>A collection exists while it holds at least one document; it is created by the first {@link
 * #replace} into it. Operations on a collection that does not exist fail with a {@link
 * dev.switchboard.api.TaskException} whose code is {@code NOT_FOUND}; invalid arguments fail with
 * {@code INVALID_INPUT}.
 *
 * <p>Filters are metadata equality filters: a chunk matches when, for every key of the filter, its
 * metadata (the document's, with the chunk's own on top) has an equal value. An empty filter
 * matches every chunk. Every method returns without blocking; the futures may complete on any
 * thread.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public interface DocumentIndex {

  /**
   * Stores a document with its chunks, replacing any document with the same id in the same
   * collection together with everything derived from it. All or nothing: when the future fails, the
   * previous version (or nothing) is still stored.
   *
   * @param document the document and its chunks
   * @return completes once the document is stored and searchable
   */
  Future<Void> replace(IndexedDocument document);

  /**
   * Deletes a document and all its chunks.
   *
   * @param collection the collection
   * @param documentId the caller's document id
   * @return true when the document existed, false when the collection has no such document
   */
  Future<Boolean> delete(String collection, String documentId);

  /**
   * One document's description.
   *
   * @param collection the collection
   * @param documentId the caller's document id
   * @return the document; fails with {@code NOT_FOUND} when there is no such document
   */
  Future<DocumentInfo> get(String collection, String documentId);

  /**
   * Lists the documents of a collection in id order, one page at a time (keyset pagination).
   *
   * @param collection the collection
   * @param after the {@link DocumentPage#next()} cursor of the previous page, or null for the first
   * @param limit the page size, 1 to 1000
   * @return the page
   */
  Future<DocumentPage> list(String collection, String after, int limit);

  /**
   * Ranks the chunks of a collection by full-text relevance to a query. Words are compared after
   * stemming, without stop words; a chunk matches when it contains at least {@code minWords} of the
   * query's distinct words (all of them, when the query has fewer), and chunks matching more, rarer
   * words rank higher. A {@code minWords} of 1 matches any word; 2 keeps a single common word from
   * matching half the collection.
   *
   * @param collection the collection
   * @param query the query text
   * @param minWords the fewest distinct query words a matching chunk contains, at least 1
   * @param topK the most matches to return, 1 to 1000
   * @param filter metadata equality filters, or null for none
   * @return the matches, best first; empty when no chunk matches
   */
  Future<List<ChunkMatch>> searchText(
      String collection, String query, int minWords, int topK, JsonObject filter);

  /**
   * Full-text ranking where any one query word matches: {@link #searchText(String, String, int,
   * int, JsonObject)} with {@code minWords} 1.
   *
   * @param collection the collection
   * @param query the query text
   * @param topK the most matches to return, 1 to 1000
   * @param filter metadata equality filters, or null for none
   * @return the matches, best first; empty when no chunk shares a word with the query
   */
  default Future<List<ChunkMatch>> searchText(
      String collection, String query, int topK, JsonObject filter) {
    return searchText(collection, query, 1, topK, filter);
  }

  /**
   * Finds the chunks whose embeddings are nearest to a vector by cosine similarity. The search may
   * be approximate.
   *
   * @param collection the collection
   * @param vector the query embedding, as long as the collection's embeddings
   * @param topK the most matches to return, 1 to 1000
   * @param filter metadata equality filters, or null for none
   * @return the matches, best first, with the cosine similarity as score
   */
  Future<List<ChunkMatch>> searchDense(
      String collection, float[] vector, int topK, JsonObject filter);

  /**
   * Reads chunks by id, to turn matches into results.
   *
   * @param chunkIds the ids, as in {@link ChunkMatch#chunkId()}
   * @return the chunks in the order asked for; ids that no longer exist are left out
   */
  Future<List<StoredChunk>> chunks(List<String> chunkIds);

  /**
   * Counts what a collection holds.
   *
   * @param collection the collection
   * @return the counts; fails with {@code NOT_FOUND} for a collection that does not exist
   */
  Future<CollectionStats> stats(String collection);
}
