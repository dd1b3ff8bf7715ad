package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.index.ChunkMatch;
import dev.switchboard.api.index.DocumentPage;
import dev.switchboard.api.index.IndexedChunk;
import dev.switchboard.api.index.IndexedDocument;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryDocumentIndexTest {

  private final InMemoryDocumentIndex index = new InMemoryDocumentIndex();

  private static IndexedDocument doc(String id, String text, String topic, float... vector) {
    return new IndexedDocument(
        "c",
        id,
        text,
        null,
        new JsonObject().put("topic", topic),
        List.of(new IndexedChunk(text, 0, text.length(), vector, null)));
  }

  private static <T> T await(Future<T> future) {
    if (future.failed()) {
      throw (RuntimeException) future.cause();
    }
    return future.result();
  }

  @Test
  void replacesSearchesAndDeletes() {
    await(index.replace(doc("a", "cats purr softly", "pets", 1, 0)));
    await(index.replace(doc("b", "dogs bark loudly", "pets", 0, 1)));
    await(index.replace(doc("c", "ocean tides", "sea", 0.7f, 0.7f)));

    List<ChunkMatch> text = await(index.searchText("c", "why do cats purr", 1, 5, null));
    assertEquals("a", text.get(0).documentId());
    assertEquals(1, text.size());
    assertEquals(1, await(index.searchText("c", "cats purr loudly", 2, 5, null)).size());
    assertEquals(2, await(index.searchText("c", "cats purr loudly", 1, 5, null)).size());
    assertEquals(1, await(index.searchText("c", "loudly", 2, 5, null)).size(), "capped");

    List<ChunkMatch> dense = await(index.searchDense("c", new float[] {0, 1}, 3, null));
    assertEquals("b", dense.get(0).documentId());
    assertEquals(1.0, dense.get(0).score(), 1e-6);

    List<ChunkMatch> filtered =
        await(index.searchDense("c", new float[] {0, 1}, 3, new JsonObject().put("topic", "sea")));
    assertEquals(List.of("c"), filtered.stream().map(ChunkMatch::documentId).toList());

    await(index.replace(doc("a", "cats sleep", "pets", 1, 0)));
    assertTrue(await(index.searchText("c", "purr", 1, 5, null)).isEmpty());
    assertEquals(3, await(index.stats("c")).documents());

    assertTrue(await(index.delete("c", "a")));
    assertFalse(await(index.delete("c", "a")));
    assertEquals(2, await(index.stats("c")).chunks());
  }

  @Test
  void pagesThroughDocumentsInIdOrder() {
    for (String id : List.of("d", "b", "a", "c", "e")) {
      await(index.replace(doc(id, "text " + id, "t", 1, 0)));
    }
    DocumentPage first = await(index.list("c", null, 2));
    assertEquals(List.of("a", "b"), first.items().stream().map(d -> d.id()).toList());
    DocumentPage second = await(index.list("c", first.next(), 2));
    assertEquals(List.of("c", "d"), second.items().stream().map(d -> d.id()).toList());
    DocumentPage last = await(index.list("c", second.next(), 2));
    assertEquals(List.of("e"), last.items().stream().map(d -> d.id()).toList());
    assertNull(last.next());
  }

  @Test
  void unknownCollectionsAreNotFoundAndDimensionsMustAgree() {
    Future<?> missing = index.searchText("nope", "x", 1, 1, null);
    assertEquals(ErrorCode.NOT_FOUND, ((TaskException) missing.cause()).code());
    await(index.replace(doc("a", "cats", "t", 1, 0)));
    Future<?> wrong = index.replace(doc("b", "dogs", "t", 1, 0, 0));
    assertEquals(ErrorCode.INVALID_INPUT, ((TaskException) wrong.cause()).code());
  }
}
