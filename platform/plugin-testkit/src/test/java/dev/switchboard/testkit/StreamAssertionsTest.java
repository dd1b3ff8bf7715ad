package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.api.chat.ChatChunk;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamAssertionsTest {

  private final List<JsonObject> chunks =
      List.of(
          ChatChunk.text("Hello").toJson(),
          ChatChunk.text(" brave").toJson(),
          ChatChunk.text(" world").toJson());

  @Test
  void passesOnAMatchingStream() {
    StreamAssertions.assertThat(chunks)
        .isChatStream()
        .hasText("Hello brave world")
        .hasAtLeast(3)
        .hasExactly(3)
        .hasDeltas("Hello", " brave", " world")
        .hasDeltasInOrder("Hello", " world");
    StreamAssertions.assertStreamedText("Hello brave world", chunks);
    assertEquals("Hello brave world", StreamAssertions.text(chunks));
  }

  @Test
  void failsOnAMismatch() {
    ChunkStreamAssert stream = StreamAssertions.assertThat(chunks);
    assertThrows(AssertionError.class, () -> stream.hasText("Hello world"));
    assertThrows(AssertionError.class, () -> stream.hasAtLeast(4));
    assertThrows(AssertionError.class, () -> stream.hasDeltasInOrder(" world", "Hello"));
    assertThrows(AssertionError.class, stream::isEmpty);
  }

  @Test
  void isChatStreamRejectsForeignChunks() {
    assertThrows(
        AssertionError.class,
        () ->
            StreamAssertions.assertThat(List.of(new JsonObject().put("text", "x"))).isChatStream());
    assertThrows(
        AssertionError.class,
        () ->
            StreamAssertions.assertThat(List.of(new JsonObject().put("delta", "x").put("extra", 1)))
                .isChatStream());
  }
}
