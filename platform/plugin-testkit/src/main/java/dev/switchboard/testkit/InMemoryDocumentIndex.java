package dev.switchboard.testkit;

import dev.switchboard.api.ApiStatus;
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
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * A {@link DocumentIndex} in memory, so a retriever can be tested without the server. It follows
 * the server's contract (collections exist while they hold a document, unknown ones are {@code
 * NOT_FOUND}, replace is all or nothing, filters are metadata equality) with simpler ranking:
 * full-text scores count the query's distinct lowercased words in a chunk (no stemming, no stop
 * words), weighted by how rare they are, and dense search is exact cosine similarity.
 *
 * <p>{@link PluginTestHost} keeps one per host, shared by all its tasks; inspect it through {@link
 * PluginTestHost#documents()}.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class InMemoryDocumentIndex implements DocumentIndex {

  private record Chunk(
      String id, String documentId, int seq, IndexedChunk source, JsonObject meta) {}

  private record Doc(IndexedDocument document, List<Chunk> chunks, Instant updatedAt) {}

  private final Map<String, TreeMap<String, Doc>> collections = new HashMap<>();
  private final Map<String, Chunk> chunksById = new HashMap<>();

  /** Creates an empty index. */
  public InMemoryDocumentIndex() {}

  @Override
  public synchronized Future<Void> replace(IndexedDocument document) {
    TreeMap<String, Doc> docs = collections.get(document.collection());
    int dimension = document.chunks().get(0).embedding().length;
    if (docs != null && !docs.isEmpty()) {
      int existing = docs.firstEntry().getValue().chunks().get(0).source().embedding().length;
      if (existing != dimension) {
        return Future.failedFuture(
            TaskException.invalid(
                "collection "
                    + document.collection()
                    + " holds "
                    + existing
                    + "-dimensional embeddings, document "
                    + document.id()
                    + " has "
                    + dimension));
      }
    }
    removeDocument(document.collection(), document.id());
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < document.chunks().size(); i++) {
      IndexedChunk source = document.chunks().get(i);
      JsonObject meta = document.metadata().copy().mergeIn(source.metadata());
      Chunk chunk = new Chunk(UUID.randomUUID().toString(), document.id(), i, source, meta);
      chunks.add(chunk);
      chunksById.put(chunk.id(), chunk);
    }
    collections
        .computeIfAbsent(document.collection(), c -> new TreeMap<>())
        .put(document.id(), new Doc(document, chunks, Instant.now()));
    return Future.succeededFuture();
  }

  private boolean removeDocument(String collection, String documentId) {
    TreeMap<String, Doc> docs = collections.get(collection);
    Doc old = docs == null ? null : docs.remove(documentId);
    if (old == null) {
      return false;
    }
    old.chunks().forEach(c -> chunksById.remove(c.id()));
    if (docs.isEmpty()) {
      collections.remove(collection);
    }
    return true;
  }

  @Override
  public synchronized Future<Boolean> delete(String collection, String documentId) {
    return withCollection(collection, docs -> removeDocument(collection, documentId));
  }

  @Override
  public synchronized Future<DocumentInfo> get(String collection, String documentId) {
    return withCollection(
        collection,
        docs -> {
          Doc doc = docs.get(documentId);
          if (doc == null) {
            throw TaskException.notFound(
                "collection " + collection + " has no document " + documentId);
          }
          return info(doc);
        });
  }

  @Override
  public synchronized Future<DocumentPage> list(String collection, String after, int limit) {
    if (limit < 1 || limit > 1000) {
      return Future.failedFuture(TaskException.invalid("limit must be between 1 and 1000"));
    }
    return withCollection(
        collection,
        docs -> {
          Map<String, Doc> tail = after == null ? docs : docs.tailMap(after, false);
          List<DocumentInfo> items = new ArrayList<>();
          for (Doc doc : tail.values()) {
            if (items.size() == limit) {
              return new DocumentPage(items, items.get(items.size() - 1).id());
            }
            items.add(info(doc));
          }
          return new DocumentPage(items, null);
        });
  }

  @Override
  public synchronized Future<List<ChunkMatch>> searchText(
      String collection, String query, int minWords, int topK, JsonObject filter) {
    return withCollection(
        collection,
        docs -> {
          Set<String> terms = words(query);
          int needed = Math.max(1, Math.min(minWords, terms.size()));
          List<Chunk> candidates = filtered(docs, filter);
          Map<String, Integer> documentFrequency = new HashMap<>();
          for (Chunk chunk : candidates) {
            for (String word : words(chunk.source().text())) {
              if (terms.contains(word)) {
                documentFrequency.merge(word, 1, Integer::sum);
              }
            }
          }
          List<ChunkMatch> out = new ArrayList<>();
          for (Chunk chunk : candidates) {
            double score = 0;
            int matched = 0;
            for (String word : words(chunk.source().text())) {
              Integer df = documentFrequency.get(word);
              if (df != null) {
                matched++;
                score += Math.log(1.0 + (double) candidates.size() / df);
              }
            }
            if (matched >= needed) {
              out.add(new ChunkMatch(chunk.id(), chunk.documentId(), score));
            }
          }
          return best(out, topK);
        });
  }

  @Override
  public synchronized Future<List<ChunkMatch>> searchDense(
      String collection, float[] vector, int topK, JsonObject filter) {
    return withCollection(
        collection,
        docs -> {
          List<ChunkMatch> out = new ArrayList<>();
          for (Chunk chunk : filtered(docs, filter)) {
            float[] embedding = chunk.source().embedding();
            if (embedding.length != vector.length) {
              throw TaskException.invalid(
                  "the query vector has "
                      + vector.length
                      + " dimensions, collection "
                      + collection
                      + " has "
                      + embedding.length);
            }
            out.add(new ChunkMatch(chunk.id(), chunk.documentId(), cosine(vector, embedding)));
          }
          return best(out, topK);
        });
  }

  @Override
  public synchronized Future<List<StoredChunk>> chunks(List<String> chunkIds) {
    List<StoredChunk> out = new ArrayList<>();
    for (String id : chunkIds) {
      Chunk chunk = chunksById.get(id);
      if (chunk != null) {
        IndexedChunk source = chunk.source();
        out.add(
            new StoredChunk(
                chunk.id(),
                chunk.documentId(),
                chunk.seq(),
                source.text(),
                source.start(),
                source.end(),
                chunk.meta().copy()));
      }
    }
    return Future.succeededFuture(out);
  }

  @Override
  public synchronized Future<CollectionStats> stats(String collection) {
    return withCollection(
        collection,
        docs -> {
          long chunks = docs.values().stream().mapToLong(d -> d.chunks().size()).sum();
          int dimension = docs.firstEntry().getValue().chunks().get(0).source().embedding().length;
          return new CollectionStats(collection, docs.size(), chunks, dimension);
        });
  }

  private <T> Future<T> withCollection(String collection, Function<TreeMap<String, Doc>, T> body) {
    TreeMap<String, Doc> docs = collections.get(collection);
    if (docs == null) {
      return Future.failedFuture(TaskException.notFound("unknown collection " + collection));
    }
    try {
      return Future.succeededFuture(body.apply(docs));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static DocumentInfo info(Doc doc) {
    IndexedDocument d = doc.document();
    return new DocumentInfo(
        d.id(),
        d.contentType(),
        d.metadata().copy(),
        d.text().length(),
        doc.chunks().size(),
        doc.updatedAt());
  }

  private static List<Chunk> filtered(Map<String, Doc> docs, JsonObject filter) {
    List<Chunk> out = new ArrayList<>();
    for (Doc doc : docs.values()) {
      for (Chunk chunk : doc.chunks()) {
        if (matches(chunk.meta(), filter)) {
          out.add(chunk);
        }
      }
    }
    return out;
  }

  private static boolean matches(JsonObject metadata, JsonObject filter) {
    if (filter == null) {
      return true;
    }
    for (String key : filter.fieldNames()) {
      if (!Objects.equals(filter.getValue(key), metadata.getValue(key))) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty()) {
        out.add(word);
      }
    }
    return out;
  }

  private static List<ChunkMatch> best(List<ChunkMatch> matches, int topK) {
    matches.sort(
        Comparator.comparingDouble(ChunkMatch::score)
            .reversed()
            .thenComparing(ChunkMatch::chunkId));
    return List.copyOf(matches.subList(0, Math.min(topK, matches.size())));
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
