package dev.switchboard.datasets;

import io.vertx.core.json.JsonObject;

/**
 * A validated example on its way into the database.
 *
 * @param text the primary text (searched, deduplicated, exported as CSV {@code text})
 * @param input the task input in its JSON form ({@code {"text"}} or {@code {"messages"}})
 * @param output the expected output, or null ({@code {"content"}} for chat, {@code {"relevant"}}
 *     for retrieval)
 * @param label the label, or null
 * @param split train, validation, test or null
 * @param source where it came from (import line, conversation, eval log), or null
 */
public record ExampleDraft(
    String text,
    JsonObject input,
    JsonObject output,
    String label,
    String split,
    JsonObject source) {

  /** The hash that finds exact duplicates: the normalised input. */
  public String contentHash() {
    return ContentHash.of(input.containsKey("messages") ? input.encode() : text);
  }
}
