package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.chat.ChatChunk;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Fluent assertions on a list of streamed chunks; get one from {@link StreamAssertions}. */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class ChunkStreamAssert {

  private final List<JsonObject> chunks;

  ChunkStreamAssert(List<JsonObject> chunks) {
    this.chunks = List.copyOf(chunks);
  }

  /**
   * Asserts that the {@code delta} texts concatenate to the expected text.
   *
   * @param expected the whole text
   * @return this
   */
  public ChunkStreamAssert hasText(String expected) {
    assertEquals(expected, StreamAssertions.text(chunks), "streamed text");
    return this;
  }

  /**
   * Asserts that at least this many chunks were streamed.
   *
   * @param count the minimum
   * @return this
   */
  public ChunkStreamAssert hasAtLeast(int count) {
    if (chunks.size() < count) {
      fail("expected at least " + count + " chunks but got " + chunks.size() + ": " + deltas());
    }
    return this;
  }

  /**
   * Asserts the exact number of chunks.
   *
   * @param count the number
   * @return this
   */
  public ChunkStreamAssert hasExactly(int count) {
    assertEquals(count, chunks.size(), () -> "number of chunks in " + deltas());
    return this;
  }

  /**
   * Asserts that nothing was streamed.
   *
   * @return this
   */
  public ChunkStreamAssert isEmpty() {
    return hasExactly(0);
  }

  /**
   * Asserts the exact sequence of {@code delta} texts.
   *
   * @param deltas the texts, one per chunk, in order
   * @return this
   */
  public ChunkStreamAssert hasDeltas(String... deltas) {
    assertEquals(Arrays.asList(deltas), deltas(), "streamed deltas");
    return this;
  }

  /**
   * Asserts that these {@code delta} texts appear in this order, with any others between them.
   *
   * @param deltas the texts in their expected order
   * @return this
   */
  public ChunkStreamAssert hasDeltasInOrder(String... deltas) {
    List<String> actual = deltas();
    int next = 0;
    for (String delta : actual) {
      if (next < deltas.length && deltas[next].equals(delta)) {
        next++;
      }
    }
    if (next < deltas.length) {
      fail(
          "expected deltas "
              + Arrays.asList(deltas)
              + " in this order but "
              + deltas[next]
              + " is missing or out of order in "
              + actual);
    }
    return this;
  }

  /**
   * Asserts that every chunk is a well-formed {@link ChatChunk}: an object with a string {@code
   * delta} that reads back unchanged.
   *
   * @return this
   */
  public ChunkStreamAssert isChatStream() {
    for (int i = 0; i < chunks.size(); i++) {
      JsonObject chunk = chunks.get(i);
      if (!(chunk.getValue("delta") instanceof String)) {
        fail("chunk " + i + " has no string delta: " + chunk.encode());
      }
      ChatChunk parsed;
      try {
        parsed = ChatChunk.fromJson(chunk);
      } catch (RuntimeException e) {
        throw new AssertionError("chunk " + i + " is not a ChatChunk: " + chunk.encode(), e);
      }
      assertEquals(parsed.toJson(), chunk, "chunk " + i + " has fields a ChatChunk does not");
    }
    return this;
  }

  /**
   * The {@code delta} texts, for your own assertions.
   *
   * @return one entry per chunk; null for a chunk without a string delta
   */
  public List<String> deltas() {
    List<String> deltas = new ArrayList<>(chunks.size());
    for (JsonObject chunk : chunks) {
      Object delta = chunk.getValue("delta");
      deltas.add(delta instanceof String s ? s : null);
    }
    return deltas;
  }
}
