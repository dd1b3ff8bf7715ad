package dev.switchboard.testkit;

import dev.switchboard.api.ApiStatus;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Assertions on streamed chunks. A chat stream is a list of {@link
 * dev.switchboard.api.chat.ChatChunk} JSON objects whose {@code delta} texts, concatenated, make
 * the answer.
 *
 * <pre>{@code
 * StreamAssertions.assertThat(outcome)
 *     .isChatStream()
 *     .hasAtLeast(2)
 *     .hasText("Hello Ada")
 *     .hasDeltasInOrder("Hello", " Ada");
 * }</pre>
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class StreamAssertions {

  private StreamAssertions() {}

  /**
   * Starts assertions on the chunks a task streamed.
   *
   * @param outcome the task's outcome
   * @return the assertions
   */
  public static ChunkStreamAssert assertThat(TaskOutcome<?> outcome) {
    return new ChunkStreamAssert(outcome.chunks());
  }

  /**
   * Starts assertions on chunks.
   *
   * @param chunks the chunks, in emission order
   * @return the assertions
   */
  public static ChunkStreamAssert assertThat(List<JsonObject> chunks) {
    return new ChunkStreamAssert(chunks);
  }

  /**
   * Asserts that the {@code delta} texts of the chunks concatenate to the expected text.
   *
   * @param expected the whole text
   * @param chunks the chunks
   */
  public static void assertStreamedText(String expected, List<JsonObject> chunks) {
    assertThat(chunks).hasText(expected);
  }

  /**
   * Concatenates the {@code delta} texts of chunks; chunks without one add nothing.
   *
   * @param chunks the chunks
   * @return the text
   */
  public static String text(List<JsonObject> chunks) {
    StringBuilder text = new StringBuilder();
    for (JsonObject chunk : chunks) {
      Object delta = chunk.getValue("delta");
      if (delta instanceof String s) {
        text.append(s);
      }
    }
    return text.toString();
  }
}
