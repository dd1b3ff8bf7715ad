package dev.switchboard.datasets;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One example as a dataset version froze it.
 *
 * @param id the example's id (stable across versions while the example exists)
 * @param text the primary text: a classification/retrieval input, or a chat example's last user
 *     turn
 * @param input the task input: {@code {"text"}}, or {@code {"messages":[{role,content}..]}} for
 *     chat
 * @param output the expected output or null: {@code {"content"}} for chat, {@code
 *     {"relevant":[ids]}} for retrieval
 * @param label the label (classification), or null
 * @param split train, validation, test, or null when it was never split
 */
public record VersionExample(
    UUID id, String text, JsonObject input, JsonObject output, String label, String split) {

  static VersionExample fromJson(JsonObject json) {
    return new VersionExample(
        UUID.fromString(json.getString("id")),
        json.getString("text"),
        json.getJsonObject("input"),
        json.getJsonObject("output"),
        json.getString("label"),
        json.getString("split"));
  }
}
