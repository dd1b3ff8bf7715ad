package dev.switchboard.retrieval;

import dev.switchboard.api.TaskException;
import dev.switchboard.api.index.ChunkMatch;
import dev.switchboard.api.index.CollectionStats;
import dev.switchboard.api.index.DocumentIndex;
import dev.switchboard.api.index.DocumentInfo;
import dev.switchboard.api.index.DocumentPage;
import dev.switchboard.api.index.IndexedChunk;
import dev.switchboard.api.index.IndexedDocument;
import dev.switchboard.api.index.StoredChunk;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's {@link DocumentIndex}: PostgreSQL is the store of record (documents, chunks,
 * embeddings, full-text ranking), each collection's Lucene HNSW graph answers dense queries. A
 * replace commits to PostgreSQL first and then updates the graph, serialised per document so that
 * the two always agree; Lucene work runs on a small worker pool, never on an event loop.
 */
public final class HostDocumentIndex implements DocumentIndex {

  private static final Logger LOG = LoggerFactory.getLogger(HostDocumentIndex.class);
  private static final int MAX_COLLECTION_NAME = 200;
  private static final int REBUILD_BATCH = 2_000;

  private final PgDocumentStore store;
  private final WorkerExecutor workers;
  private final VectorRegistry vectors;
  private final KeyedSerializer serializer = new KeyedSerializer();

  private HostDocumentIndex(Vertx vertx, Pool pool, int threads) {
    this.store = new PgDocumentStore(pool);
    this.workers = vertx.createSharedWorkerExecutor("switchboard-retrieval", threads);
    this.vectors = new VectorRegistry();
  }

  /**
   * Opens the index and starts rebuilding each collection's dense index from PostgreSQL. The
   * rebuild runs in the background; queries and writes on a collection wait for its rebuild.
   *
   * @param vertx the Vert.x instance
   * @param pool the database pool
   * @return the index, once the collections are known
   */
  public static Future<HostDocumentIndex> start(Vertx vertx, Pool pool) {
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    HostDocumentIndex index = new HostDocumentIndex(vertx, pool, threads);
    return index
        .store
        .collections()
        .map(
            names -> {
              names.forEach(index::rebuild);
              return index;
            });
  }

  private void rebuild(String collection) {
    long t0 = System.nanoTime();
    Future<CollectionVectors> built =
        store
            .streamVectors(
                collection,
                REBUILD_BATCH,
                batch ->
                    blocking(
                        () -> {
                          vectors.loading(collection, batch.get(0).vector().length).add(batch);
                          return null;
                        }))
            .map(
                count -> {
                  LOG.atInfo()
                      .addKeyValue("collection", collection)
                      .addKeyValue("chunks", count)
                      .addKeyValue("ms", (System.nanoTime() - t0) / 1_000_000)
                      .log("dense index rebuilt");
                  return vectors.loading(collection, 0);
                });
    vectors.rebuilding(collection, built);
  }

  /** Resolves once every collection's start-up rebuild has finished. */
  public Future<Void> ready() {
    return vectors.allReady();
  }

  @Override
  public Future<Void> replace(IndexedDocument d) {
    try {
      checkCollection(d.collection());
    } catch (TaskException e) {
      return Future.failedFuture(e);
    }
    List<UUID> ids = new ArrayList<>(d.chunks().size());
    List<JsonObject> metadata = new ArrayList<>(d.chunks().size());
    List<VectorEntry> entries = new ArrayList<>(d.chunks().size());
    for (IndexedChunk c : d.chunks()) {
      UUID id = UUID.randomUUID();
      JsonObject merged = d.metadata().copy().mergeIn(c.metadata());
      ids.add(id);
      metadata.add(merged);
      entries.add(new VectorEntry(id.toString(), d.id(), c.embedding(), merged));
    }
    int dimension = d.chunks().get(0).embedding().length;
    return serializer.submit(
        key(d.collection(), d.id()),
        () ->
            vectors
                .forWrite(d.collection(), dimension)
                .compose(
                    v ->
                        store
                            .replace(d, ids, metadata)
                            .compose(
                                x ->
                                    blocking(
                                        () -> {
                                          v.replace(d.id(), entries);
                                          return null;
                                        }))));
  }

  @Override
  public Future<Boolean> delete(String collection, String documentId) {
    return requireCollection(collection)
        .compose(
            x ->
                serializer.submit(
                    key(collection, documentId),
                    () ->
                        store
                            .delete(collection, documentId)
                            .compose(
                                deleted ->
                                    !deleted
                                        ? Future.succeededFuture(false)
                                        : vectors
                                            .forRead(collection)
                                            .compose(
                                                v ->
                                                    v == null
                                                        ? Future.succeededFuture(true)
                                                        : blocking(
                                                            () -> {
                                                              v.delete(documentId);
                                                              return true;
                                                            })))));
  }

  @Override
  public Future<DocumentInfo> get(String collection, String documentId) {
    return requireCollection(collection)
        .compose(x -> store.get(collection, documentId))
        .map(
            info -> {
              if (info == null) {
                throw TaskException.notFound(
                    "collection " + collection + " has no document " + documentId);
              }
              return info;
            });
  }

  @Override
  public Future<DocumentPage> list(String collection, String after, int limit) {
    if (limit < 1 || limit > 1000) {
      return Future.failedFuture(TaskException.invalid("limit must be between 1 and 1000"));
    }
    return requireCollection(collection).compose(x -> store.list(collection, after, limit));
  }

  @Override
  public Future<List<ChunkMatch>> searchText(
      String collection, String query, int minWords, int topK, JsonObject filter) {
    if (minWords < 1) {
      return Future.failedFuture(TaskException.invalid("minWords must be at least 1"));
    }
    return checked(topK, filter)
        .compose(
            f ->
                requireCollection(collection)
                    .compose(x -> store.searchText(collection, query, minWords, topK, f)));
  }

  @Override
  public Future<List<ChunkMatch>> searchDense(
      String collection, float[] vector, int topK, JsonObject filter) {
    return checked(topK, filter)
        .compose(
            f ->
                requireCollection(collection)
                    .compose(x -> vectors.forRead(collection))
                    .compose(
                        v ->
                            v == null
                                ? Future.succeededFuture(List.<ChunkMatch>of())
                                : blocking(() -> v.search(vector, topK, f))));
  }

  @Override
  public Future<List<StoredChunk>> chunks(List<String> chunkIds) {
    return store.chunks(chunkIds);
  }

  @Override
  public Future<CollectionStats> stats(String collection) {
    return requireCollection(collection)
        .compose(x -> vectors.forRead(collection))
        .compose(v -> store.stats(collection, v == null ? 0 : v.dimension()));
  }

  /** Closes the dense indexes and the worker pool. */
  public Future<Void> close() {
    return this.<Void>blocking(
            () -> {
              vectors.closeAll();
              return null;
            })
        .eventually(() -> workers.close());
  }

  private static Future<JsonObject> checked(int topK, JsonObject filter) {
    if (topK < 1 || topK > 1000) {
      return Future.failedFuture(TaskException.invalid("topK must be between 1 and 1000"));
    }
    try {
      return Future.succeededFuture(MetadataFilter.validate(filter));
    } catch (TaskException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Void> requireCollection(String collection) {
    if (collection == null || collection.isBlank()) {
      return Future.failedFuture(TaskException.invalid("collection is required"));
    }
    return store
        .exists(collection)
        .compose(
            exists ->
                exists
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        TaskException.notFound("unknown collection " + collection)));
  }

  private static void checkCollection(String collection) {
    if (collection.length() > MAX_COLLECTION_NAME
        || collection.chars().anyMatch(Character::isISOControl)) {
      throw TaskException.invalid(
          "a collection name has at most " + MAX_COLLECTION_NAME + " printable characters");
    }
  }

  private static String key(String collection, String documentId) {
    return collection + "\u0000" + documentId;
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return workers.executeBlocking(work, false);
  }
}
