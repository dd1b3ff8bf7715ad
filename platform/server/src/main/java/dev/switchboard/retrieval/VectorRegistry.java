package dev.switchboard.retrieval;

import dev.switchboard.api.TaskException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dense index of each collection. A collection's index is created by its first write, with the
 * dimension of that write's embeddings, or by the start-up rebuild; reads and writes wait for the
 * rebuild of their collection, so a write can never be overtaken by the older rows the rebuild is
 * still loading. A collection without vectors reads as null.
 */
final class VectorRegistry {

  private final Map<String, CollectionVectors> indexes = new HashMap<>();
  private final Map<String, Future<CollectionVectors>> rebuilds = new HashMap<>();

  /** The index the rebuild fills; created on its first batch. Null when none exists. */
  synchronized CollectionVectors loading(String collection, int dimension) {
    CollectionVectors v = indexes.get(collection);
    if (v == null && dimension > 0) {
      v = new CollectionVectors(dimension);
      indexes.put(collection, v);
    }
    return v;
  }

  synchronized void rebuilding(String collection, Future<CollectionVectors> built) {
    rebuilds.put(collection, built);
  }

  private synchronized Future<?> rebuildOf(String collection) {
    Future<CollectionVectors> f = rebuilds.get(collection);
    // A failed rebuild is logged by its caller's future; writes go on against what was loaded.
    return f == null ? Future.succeededFuture() : f.otherwiseEmpty();
  }

  /** The collection's index for reading, or null when it has no vectors. */
  Future<CollectionVectors> forRead(String collection) {
    return rebuildOf(collection).map(x -> current(collection));
  }

  private synchronized CollectionVectors current(String collection) {
    return indexes.get(collection);
  }

  /**
   * The collection's index for a write of embeddings of this length; an emptied collection may
   * change its dimension, a non-empty one may not.
   */
  Future<CollectionVectors> forWrite(String collection, int dimension) {
    return rebuildOf(collection).map(x -> createOrCheck(collection, dimension));
  }

  private synchronized CollectionVectors createOrCheck(String collection, int dimension) {
    CollectionVectors v = indexes.get(collection);
    if (v != null && v.dimension() != dimension) {
      if (v.liveCount() > 0) {
        throw TaskException.invalid(
            "collection "
                + collection
                + " holds "
                + v.dimension()
                + "-dimensional embeddings, not "
                + dimension
                + "; use the same embedding model for the whole collection");
      }
      v.close();
      v = null;
    }
    if (v == null) {
      v = new CollectionVectors(dimension);
      indexes.put(collection, v);
    }
    return v;
  }

  synchronized Future<Void> allReady() {
    List<Future<?>> all = new ArrayList<>();
    rebuilds.values().forEach(f -> all.add(f.otherwiseEmpty()));
    return Future.all(all).mapEmpty();
  }

  synchronized void closeAll() {
    indexes.values().forEach(CollectionVectors::close);
    indexes.clear();
  }
}
