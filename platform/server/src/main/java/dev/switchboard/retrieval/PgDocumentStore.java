package dev.switchboard.retrieval;

import dev.switchboard.api.index.ChunkMatch;
import dev.switchboard.api.index.CollectionStats;
import dev.switchboard.api.index.DocumentInfo;
import dev.switchboard.api.index.DocumentPage;
import dev.switchboard.api.index.IndexedChunk;
import dev.switchboard.api.index.IndexedDocument;
import dev.switchboard.api.index.StoredChunk;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Documents and chunks in PostgreSQL, through the reactive pool. Replacing a document is one
 * transaction, so a failure leaves the previous version (or nothing), never half of the chunks.
 */
final class PgDocumentStore {

  private static final String UPSERT_DOCUMENT =
      "INSERT INTO documents (collection, external_id, content_type, text, metadata)"
          + " VALUES ($1, $2, $3, $4, $5)"
          + " ON CONFLICT (collection, external_id) DO UPDATE SET content_type = EXCLUDED.content_type,"
          + " text = EXCLUDED.text, metadata = EXCLUDED.metadata, updated_at = now()"
          + " RETURNING id";

  private static final String INSERT_CHUNK =
      "INSERT INTO chunks (id, document_id, collection, seq, text, start_offset, end_offset,"
          + " embedding, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

  // Words are the query's stemmed lexemes without stop words, from PostgreSQL's own parser. Any
  // word may match the ranking (plainto_tsquery would AND them, dropping every chunk that lacks
  // one), but a chunk must contain at least minWords of them: at collection scale one common word
  // matches thousands of chunks, whose ranks only add noise to fusion. Two words are matched by an
  // OR of every pair, which the GIN index answers directly; above two an exact count checks the
  // pairs' candidates. Both tsqueries are sent as values, so the planner sees how selective they
  // are (built inside the statement, they hid it and every search scanned the whole table).
  private static final String QUERY_WORDS = "SELECT tsvector_to_array(to_tsvector('english', $1))";

  private static final String SEARCH_TEXT =
      "SELECT c.id, d.external_id, ts_rank(c.text_tsv, CAST(CAST($5 AS text) AS tsquery)) AS score"
          + " FROM chunks c JOIN documents d ON d.id = c.document_id"
          + " WHERE c.collection = $1 AND c.text_tsv @@ CAST(CAST($2 AS text) AS tsquery) AND c.metadata @> $3"
          + " AND ($6 < 3 OR (SELECT count(*) FROM unnest(tsvector_to_array(c.text_tsv)) x"
          + " WHERE x = ANY ($7::text[])) >= $6)"
          + " ORDER BY score DESC, c.id LIMIT $4";

  private static final String READ_CHUNKS =
      "SELECT c.id, d.external_id, c.seq, c.text, c.start_offset, c.end_offset, c.metadata"
          + " FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id = ANY($1)";

  private static final String LIST_DOCUMENTS =
      "SELECT d.external_id, d.content_type, d.metadata, length(d.text), d.updated_at,"
          + " (SELECT count(*) FROM chunks c WHERE c.document_id = d.id)"
          + " FROM documents d WHERE d.collection = $1 AND ($2::text IS NULL OR d.external_id > $2)"
          + " ORDER BY d.external_id LIMIT $3";

  private static final String GET_DOCUMENT =
      "SELECT d.external_id, d.content_type, d.metadata, length(d.text), d.updated_at,"
          + " (SELECT count(*) FROM chunks c WHERE c.document_id = d.id)"
          + " FROM documents d WHERE d.collection = $1 AND d.external_id = $2";

  private static final String VECTORS =
      "SELECT c.id, d.external_id, c.embedding, c.metadata FROM chunks c"
          + " JOIN documents d ON d.id = c.document_id WHERE c.collection = $1";

  private final Pool pool;

  PgDocumentStore(Pool pool) {
    this.pool = pool;
  }

  /** Stores the document and its chunks under the given chunk ids, in one transaction. */
  Future<Void> replace(IndexedDocument d, List<UUID> chunkIds, List<JsonObject> chunkMetadata) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(UPSERT_DOCUMENT)
                .execute(
                    Tuple.of(
                        d.collection(), d.id(), d.contentType(), storable(d.text()), d.metadata()))
                .compose(
                    rows -> {
                      UUID documentId = rows.iterator().next().getUUID(0);
                      return conn.preparedQuery("DELETE FROM chunks WHERE document_id = $1")
                          .execute(Tuple.of(documentId))
                          .compose(
                              x ->
                                  conn.preparedQuery(INSERT_CHUNK)
                                      .executeBatch(
                                          chunkRows(d, documentId, chunkIds, chunkMetadata)));
                    })
                .mapEmpty());
  }

  private static List<Tuple> chunkRows(
      IndexedDocument d, UUID documentId, List<UUID> ids, List<JsonObject> metadata) {
    List<Tuple> rows = new ArrayList<>(d.chunks().size());
    for (int i = 0; i < d.chunks().size(); i++) {
      IndexedChunk c = d.chunks().get(i);
      Float[] embedding = new Float[c.embedding().length];
      for (int j = 0; j < embedding.length; j++) {
        embedding[j] = c.embedding()[j];
      }
      rows.add(
          Tuple.tuple()
              .addUUID(ids.get(i))
              .addUUID(documentId)
              .addString(d.collection())
              .addInteger(i)
              .addString(storable(c.text()))
              .addInteger(c.start())
              .addInteger(c.end())
              .addArrayOfFloat(embedding)
              .addValue(metadata.get(i)));
    }
    return rows;
  }

  /** PostgreSQL text cannot hold NUL; a same-length stand-in keeps every offset valid. */
  private static String storable(String text) {
    return text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', ' ');
  }

  /** Deletes a document; its chunks go with it (ON DELETE CASCADE). */
  Future<Boolean> delete(String collection, String documentId) {
    return pool.preparedQuery("DELETE FROM documents WHERE collection = $1 AND external_id = $2")
        .execute(Tuple.of(collection, documentId))
        .map(rows -> rows.rowCount() > 0);
  }

  Future<Boolean> exists(String collection) {
    return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM documents WHERE collection = $1)")
        .execute(Tuple.of(collection))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** Every collection that holds chunks, for the rebuild at start. */
  Future<List<String>> collections() {
    return pool.query("SELECT DISTINCT collection FROM chunks")
        .execute()
        .map(rows -> map(rows, r -> r.getString(0)));
  }

  Future<DocumentInfo> get(String collection, String documentId) {
    return pool.preparedQuery(GET_DOCUMENT)
        .execute(Tuple.of(collection, documentId))
        .map(rows -> rows.size() == 0 ? null : info(rows.iterator().next()));
  }

  Future<DocumentPage> list(String collection, String after, int limit) {
    return pool.preparedQuery(LIST_DOCUMENTS)
        .execute(Tuple.of(collection, after, limit + 1))
        .map(
            rows -> {
              List<DocumentInfo> items = map(rows, PgDocumentStore::info);
              if (items.size() <= limit) {
                return new DocumentPage(items, null);
              }
              List<DocumentInfo> page = items.subList(0, limit);
              return new DocumentPage(page, page.get(limit - 1).id());
            });
  }

  private static DocumentInfo info(Row r) {
    OffsetDateTime updated = r.getOffsetDateTime(4);
    return new DocumentInfo(
        r.getString(0),
        r.getString(1),
        metadata(r, 2),
        r.getInteger(3),
        r.getLong(5).intValue(),
        updated == null ? null : updated.toInstant());
  }

  Future<List<ChunkMatch>> searchText(
      String collection, String query, int minWords, int k, JsonObject filter) {
    return pool.preparedQuery(QUERY_WORDS)
        .execute(Tuple.of(query))
        .compose(
            rows -> {
              String[] words = rows.iterator().next().getArrayOfStrings(0);
              if (words == null || words.length == 0) {
                return Future.succeededFuture(List.<ChunkMatch>of());
              }
              int needed = Math.min(minWords, words.length);
              String ranking = anyOf(words);
              String matching = needed < 2 ? ranking : anyPairOf(words);
              return pool.preparedQuery(SEARCH_TEXT)
                  .execute(
                      Tuple.tuple()
                          .addString(collection)
                          .addString(matching)
                          .addValue(filter)
                          .addInteger(k)
                          .addString(ranking)
                          .addInteger(needed)
                          .addArrayOfString(words))
                  .map(
                      found ->
                          map(
                              found,
                              r ->
                                  new ChunkMatch(
                                      r.getUUID(0).toString(),
                                      r.getString(1),
                                      r.getFloat(2).doubleValue())));
            });
  }

  private static String anyOf(String[] words) {
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      sb.append(sb.length() == 0 ? "" : " | ").append(lexeme(w));
    }
    return sb.toString();
  }

  private static String anyPairOf(String[] words) {
    StringBuilder sb = new StringBuilder();
    for (int a = 0; a < words.length; a++) {
      for (int b = a + 1; b < words.length; b++) {
        sb.append(sb.length() == 0 ? "" : " | ")
            .append('(')
            .append(lexeme(words[a]))
            .append(" & ")
            .append(lexeme(words[b]))
            .append(')');
      }
    }
    return sb.toString();
  }

  /** A tsquery operand for one lexeme: quoted, with quotes doubled and backslashes escaped. */
  private static String lexeme(String word) {
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  /** The chunks in the order asked for; ids that are not stored (or not UUIDs) are left out. */
  Future<List<StoredChunk>> chunks(List<String> chunkIds) {
    List<UUID> ids = new ArrayList<>(chunkIds.size());
    for (String id : chunkIds) {
      try {
        ids.add(UUID.fromString(id));
      } catch (IllegalArgumentException e) {
        // Not one of ours: skipped, like an id whose chunk was deleted.
      }
    }
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(READ_CHUNKS)
        .execute(Tuple.of(ids.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, StoredChunk> byId = new HashMap<>();
              for (Row r : rows) {
                byId.put(
                    r.getUUID(0),
                    new StoredChunk(
                        r.getUUID(0).toString(),
                        r.getString(1),
                        r.getInteger(2),
                        r.getString(3),
                        r.getInteger(4),
                        r.getInteger(5),
                        metadata(r, 6)));
              }
              List<StoredChunk> out = new ArrayList<>(ids.size());
              for (UUID id : ids) {
                StoredChunk c = byId.get(id);
                if (c != null) {
                  out.add(c);
                }
              }
              return out;
            });
  }

  Future<CollectionStats> stats(String collection, int dimension) {
    return pool.preparedQuery(
            "SELECT (SELECT count(*) FROM documents WHERE collection = $1),"
                + " (SELECT count(*) FROM chunks WHERE collection = $1)")
        .execute(Tuple.of(collection))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new CollectionStats(collection, r.getLong(0), r.getLong(1), dimension);
            });
  }

  /**
   * Streams a collection's chunk vectors in batches, for the rebuild; a cursor keeps memory flat
   * however large the collection is. {@code sink} runs once per batch and the next batch is read
   * when its future completes.
   */
  Future<Long> streamVectors(
      String collection, int batch, Function<List<VectorEntry>, Future<Void>> sink) {
    return pool.withTransaction(
        conn ->
            conn.prepare(VECTORS)
                .compose(
                    ps -> {
                      Cursor cursor = ps.cursor(Tuple.of(collection));
                      return readAll(cursor, batch, sink, 0L).eventually(() -> cursor.close());
                    }));
  }

  private static Future<Long> readAll(
      Cursor cursor, int batch, Function<List<VectorEntry>, Future<Void>> sink, long done) {
    return cursor
        .read(batch)
        .compose(
            rows -> {
              List<VectorEntry> entries = new ArrayList<>(rows.size());
              for (Row r : rows) {
                Float[] boxed = r.getArrayOfFloats(2);
                if (boxed == null) {
                  continue;
                }
                float[] vector = new float[boxed.length];
                for (int i = 0; i < vector.length; i++) {
                  vector[i] = boxed[i];
                }
                entries.add(
                    new VectorEntry(
                        r.getUUID(0).toString(), r.getString(1), vector, metadata(r, 3)));
              }
              long total = done + entries.size();
              Future<Void> consumed =
                  entries.isEmpty() ? Future.succeededFuture() : sink.apply(entries);
              return consumed.compose(
                  x ->
                      cursor.hasMore()
                          ? readAll(cursor, batch, sink, total)
                          : Future.succeededFuture(total));
            });
  }

  private static JsonObject metadata(Row r, int column) {
    Object value = r.getValue(column);
    return value instanceof JsonObject json ? json : new JsonObject();
  }

  private static <T> List<T> map(RowSet<Row> rows, Function<Row, T> f) {
    List<T> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(f.apply(r));
    }
    return out;
  }
}
