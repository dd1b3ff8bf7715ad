package dev.switchboard.retrieval;

import dev.switchboard.api.TaskException;
import dev.switchboard.api.index.ChunkMatch;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The dense index of one collection: a Lucene HNSW graph over the chunk embeddings (cosine), held
 * in memory and rebuilt from PostgreSQL at start, so PostgreSQL stays the only durable copy. Every
 * method blocks; callers run them on a worker. Writes become visible to the next search, which
 * refreshes the reader when something changed (one refresh per burst of writes, not per write).
 */
final class CollectionVectors implements AutoCloseable {

  private static final String VECTOR = "vector";
  private static final String CHUNK = "chunk";
  private static final String DOCUMENT = "doc";
  private static final String META = "meta";

  private final int dimension;
  private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private volatile boolean dirty;

  CollectionVectors(int dimension) {
    this.dimension = dimension;
    try {
      IndexWriterConfig config = new IndexWriterConfig().setRAMBufferSizeMB(128);
      this.writer = new IndexWriter(directory, config);
      this.searchers = new SearcherManager(writer, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int dimension() {
    return dimension;
  }

  /** Adds chunks, as the start-up rebuild does. */
  void add(List<VectorEntry> entries) {
    try {
      for (VectorEntry e : entries) {
        writer.addDocument(document(e));
      }
      dirty = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces every chunk of one document atomically (Lucene's update by term). */
  void replace(String documentId, List<VectorEntry> entries) {
    try {
      List<Document> docs = new ArrayList<>(entries.size());
      for (VectorEntry e : entries) {
        docs.add(document(e));
      }
      writer.updateDocuments(new Term(DOCUMENT, documentId), docs);
      dirty = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void delete(String documentId) {
    try {
      writer.deleteDocuments(new Term(DOCUMENT, documentId));
      dirty = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The nearest chunks by cosine similarity. Lucene scores cosine as {@code (1 + cos) / 2}; the
   * score returned is the cosine itself, the scale callers expect.
   */
  List<ChunkMatch> search(float[] query, int k, JsonObject filter) {
    if (query.length != dimension) {
      throw TaskException.invalid(
          "the query vector has " + query.length + " dimensions, the collection " + dimension);
    }
    try {
      refreshIfDirty();
      IndexSearcher searcher = searchers.acquire();
      try {
        TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, k, filter(filter)), k);
        StoredFields stored = searcher.storedFields();
        List<ChunkMatch> out = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc hit : top.scoreDocs) {
          Document d = stored.document(hit.doc);
          out.add(new ChunkMatch(d.get(CHUNK), d.get(DOCUMENT), 2.0 * hit.score - 1.0));
        }
        return out;
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Live chunks as the writer counts them, cheaply and without refreshing a reader. */
  int liveCount() {
    return writer.getDocStats().numDocs;
  }

  /** Live chunks, after pending writes. */
  int size() {
    try {
      refreshIfDirty();
      IndexSearcher searcher = searchers.acquire();
      try {
        return searcher.getIndexReader().numDocs();
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void refreshIfDirty() throws IOException {
    if (dirty) {
      dirty = false;
      searchers.maybeRefreshBlocking();
    }
  }

  private Document document(VectorEntry e) {
    if (e.vector().length != dimension) {
      throw TaskException.invalid(
          "document "
              + e.documentId()
              + " has "
              + e.vector().length
              + "-dimensional embeddings, its collection "
              + dimension);
    }
    Document d = new Document();
    d.add(new KnnFloatVectorField(VECTOR, e.vector(), VectorSimilarityFunction.COSINE));
    d.add(new StoredField(CHUNK, e.chunkId()));
    d.add(new StringField(DOCUMENT, e.documentId(), Field.Store.YES));
    for (String term : MetadataFilter.terms(e.metadata())) {
      d.add(new StringField(META, term, Field.Store.NO));
    }
    return d;
  }

  private static Query filter(JsonObject filter) {
    if (filter == null || filter.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    for (Map.Entry<String, Object> e : filter) {
      all.add(
          new TermQuery(new Term(META, MetadataFilter.term(e.getKey(), e.getValue()))),
          BooleanClause.Occur.FILTER);
    }
    return all.build();
  }

  @Override
  public void close() {
    try {
      searchers.close();
      writer.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
