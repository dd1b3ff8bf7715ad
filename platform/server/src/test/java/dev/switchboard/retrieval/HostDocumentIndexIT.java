package dev.switchboard.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.index.ChunkMatch;
import dev.switchboard.api.index.DocumentPage;
import dev.switchboard.api.index.IndexedChunk;
import dev.switchboard.api.index.IndexedDocument;
import dev.switchboard.api.index.StoredChunk;
import dev.switchboard.db.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The document index against a real (embedded) PostgreSQL. */
class HostDocumentIndexIT {

  @TempDir static Path home;
  static Vertx vertx;
  static Database db;
  static HostDocumentIndex index;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    db = await(Database.open(vertx, Optional.empty(), home));
    index = await(HostDocumentIndex.start(vertx, db.pool()));
  }

  @AfterAll
  static void stop() throws Exception {
    await(index.close());
    await(db.close(vertx));
    await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static ErrorCode failure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof TaskException t) {
        return t.code();
      }
      throw e;
    }
    return fail("expected a failure");
  }

  static float[] unit(int hot, int dims) {
    float[] v = new float[dims];
    v[hot] = 1;
    return v;
  }

  static IndexedDocument doc(String collection, String id, String topic, String... sentences) {
    StringBuilder text = new StringBuilder();
    List<IndexedChunk> chunks = new ArrayList<>();
    for (int i = 0; i < sentences.length; i++) {
      int start = text.length();
      text.append(sentences[i]);
      chunks.add(
          new IndexedChunk(
              sentences[i],
              start,
              text.length(),
              unit(Math.abs(sentences[i].hashCode()) % 8, 8),
              new JsonObject().put("seq", i)));
      text.append(' ');
    }
    return new IndexedDocument(
        collection,
        id,
        text.toString(),
        "text/plain",
        new JsonObject().put("topic", topic),
        chunks);
  }

  @Test
  void storesSearchesListsAndDeletes() throws Exception {
    String c = "docs";
    await(index.replace(doc(c, "cats", "pets", "Cats purr when content.", "They knead blankets.")));
    await(index.replace(doc(c, "tides", "sea", "Ocean tides follow the moon.")));
    await(index.replace(doc(c, "bread", "food", "Sourdough rises slowly.")));

    List<ChunkMatch> text = await(index.searchText(c, "why do cats purr", 1, 10, null));
    assertEquals("cats", text.get(0).documentId());
    assertTrue(await(index.searchText(c, "cats and bread", 2, 10, null)).isEmpty());
    assertEquals(
        "cats",
        await(index.searchText(c, "content cats and bread", 2, 10, null)).get(0).documentId());
    List<ChunkMatch> filtered =
        await(index.searchText(c, "cats tides", 1, 10, new JsonObject().put("topic", "sea")));
    assertEquals(List.of("tides"), filtered.stream().map(ChunkMatch::documentId).toList());

    float[] query = unit(Math.abs("Ocean tides follow the moon.".hashCode()) % 8, 8);
    List<ChunkMatch> dense = await(index.searchDense(c, query, 2, null));
    assertEquals(1.0, dense.get(0).score(), 1e-5);
    List<ChunkMatch> denseFiltered =
        await(index.searchDense(c, query, 5, new JsonObject().put("topic", "food")));
    assertEquals(List.of("bread"), denseFiltered.stream().map(ChunkMatch::documentId).toList());
    List<ChunkMatch> bySeq =
        await(index.searchDense(c, query, 10, new JsonObject().put("seq", 1.0)));
    assertEquals(List.of("cats"), bySeq.stream().map(ChunkMatch::documentId).toList());

    List<StoredChunk> read = await(index.chunks(List.of(text.get(0).chunkId(), "nope")));
    assertEquals(1, read.size());
    StoredChunk chunk = read.get(0);
    assertEquals("pets", chunk.metadata().getString("topic"));
    assertTrue(chunk.metadata().containsKey("seq"));
    assertEquals(chunk.text().length(), chunk.end() - chunk.start());

    DocumentPage page = await(index.list(c, null, 2));
    assertEquals(List.of("bread", "cats"), page.items().stream().map(d -> d.id()).toList());
    assertEquals(2, page.items().get(1).chunks());
    DocumentPage rest = await(index.list(c, page.next(), 2));
    assertEquals(List.of("tides"), rest.items().stream().map(d -> d.id()).toList());
    assertNull(rest.next());
    assertEquals(4, await(index.stats(c)).chunks());
    assertEquals(8, await(index.stats(c)).dimension());

    assertTrue(await(index.delete(c, "cats")));
    assertFalse(await(index.delete(c, "cats")));
    assertTrue(await(index.searchText(c, "cats purr", 1, 10, null)).isEmpty());
    for (ChunkMatch m : await(index.searchDense(c, query, 10, null))) {
      assertTrue(!m.documentId().equals("cats"), "deleted document still in the dense index");
    }
    assertEquals(ErrorCode.NOT_FOUND, failure(index.get(c, "cats")));
  }

  @Test
  void unknownCollectionsAndBadInputFailClearly() throws Exception {
    assertEquals(ErrorCode.NOT_FOUND, failure(index.searchText("nowhere", "x", 1, 3, null)));
    assertEquals(ErrorCode.NOT_FOUND, failure(index.searchDense("nowhere", unit(0, 8), 3, null)));
    assertEquals(ErrorCode.NOT_FOUND, failure(index.list("nowhere", null, 3)));
    assertEquals(ErrorCode.NOT_FOUND, failure(index.delete("nowhere", "x")));
    await(index.replace(doc("dims", "a", "t", "Some text.")));
    IndexedDocument wrong =
        new IndexedDocument(
            "dims",
            "b",
            "Other",
            null,
            null,
            List.of(new IndexedChunk("Other", 0, 5, new float[] {1, 0}, null)));
    assertEquals(ErrorCode.INVALID_INPUT, failure(index.replace(wrong)));
    assertEquals(
        ErrorCode.INVALID_INPUT,
        failure(
            index.searchText("dims", "x", 1, 3, new JsonObject().put("nested", new JsonObject()))));
  }

  @Test
  void aFailedReplaceLeavesThePreviousVersionWhole() throws Exception {
    String c = "atomic";
    await(index.replace(doc(c, "a", "t", "Original first.", "Original second.")));
    // A trigger fails the third chunk's insert, after two chunks were written in the transaction.
    await(
        db.pool()
            .query(
                "CREATE FUNCTION sb_test_boom() RETURNS trigger AS $$ BEGIN"
                    + " IF NEW.text = 'Boom.' THEN RAISE EXCEPTION 'boom'; END IF;"
                    + " RETURN NEW; END $$ LANGUAGE plpgsql")
            .execute());
    await(
        db.pool()
            .query(
                "CREATE TRIGGER sb_test_boom BEFORE INSERT ON chunks FOR EACH ROW"
                    + " EXECUTE FUNCTION sb_test_boom()")
            .execute());
    try {
      Future<Void> failed = index.replace(doc(c, "a", "t", "New one.", "New two.", "Boom."));
      assertTrue(
          failed.toCompletionStage().toCompletableFuture().handle((x, e) -> e).get() != null);
    } finally {
      await(db.pool().query("DROP TRIGGER sb_test_boom ON chunks").execute());
    }
    assertEquals(2, await(index.stats(c)).chunks());
    assertEquals(2, await(index.get(c, "a")).chunks());
    assertEquals("a", await(index.searchText(c, "original", 1, 5, null)).get(0).documentId());
    assertTrue(await(index.searchText(c, "new", 1, 5, null)).isEmpty());
    List<ChunkMatch> dense =
        await(index.searchDense(c, unit(Math.abs("New one.".hashCode()) % 8, 8), 10, null));
    List<String> ids = dense.stream().map(ChunkMatch::chunkId).toList();
    assertEquals(2, await(index.chunks(ids)).size(), "the dense index points at stored chunks");
  }

  @Test
  void theDenseIndexIsRebuiltFromPostgresAtStart() throws Exception {
    String c = "rebuild";
    for (int i = 0; i < 30; i++) {
      await(index.replace(doc(c, "d" + i, "t" + (i % 3), "Sentence " + i + ".")));
    }
    HostDocumentIndex fresh = await(HostDocumentIndex.start(vertx, db.pool()));
    try {
      await(fresh.ready());
      float[] query = unit(Math.abs("Sentence 7.".hashCode()) % 8, 8);
      List<ChunkMatch> before = await(index.searchDense(c, query, 30, null));
      List<ChunkMatch> after = await(fresh.searchDense(c, query, 30, null));
      assertEquals(30, after.size());
      assertEquals(
          before.stream().map(ChunkMatch::chunkId).sorted().toList(),
          after.stream().map(ChunkMatch::chunkId).sorted().toList());
    } finally {
      await(fresh.close());
    }
  }
}
