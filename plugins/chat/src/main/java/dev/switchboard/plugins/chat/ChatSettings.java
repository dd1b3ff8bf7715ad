package dev.switchboard.plugins.chat;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of one chat, read from the request's {@code extra} (where the host merges the
 * route's config) and falling back to the plugin's config.
 *
 * @param systemPrompt the operator's system prompt, or null
 * @param collection the collection to ground answers in, or null for no retrieval
 * @param topK how many chunks to retrieve
 * @param maxToolSteps how many rounds of plugin tool calls the loop runs before it asks the model
 *     for a final answer
 * @param memoryTokens the most tokens the prompt may take with earlier turns, or null for what the
 *     model's context leaves after the answer
 * @param memoryMessages the most stored messages to load
 * @param hostTools the names of the plugin tools to offer, or null for all of them
 */
record ChatSettings(
    String systemPrompt,
    String collection,
    int topK,
    int maxToolSteps,
    Integer memoryTokens,
    int memoryMessages,
    List<String> hostTools) {

  static final int DEFAULT_TOP_K = 4;
  static final int DEFAULT_MAX_TOOL_STEPS = 4;
  static final int DEFAULT_MEMORY_MESSAGES = 50;

  static ChatSettings from(JsonObject extra, JsonObject config) {
    Reader r = new Reader(extra, config);
    return new ChatSettings(
        r.text("systemPrompt"),
        r.text("collection"),
        r.integer("topK", DEFAULT_TOP_K, 1, 100),
        r.integer("maxToolSteps", DEFAULT_MAX_TOOL_STEPS, 0, 32),
        r.has("memoryTokens") ? r.integer("memoryTokens", 0, 1, Integer.MAX_VALUE) : null,
        r.integer("memoryMessages", DEFAULT_MEMORY_MESSAGES, 1, 10_000),
        r.names("hostTools"));
  }

  /** Looks a key up in the request first, then in the plugin config. */
  private record Reader(JsonObject extra, JsonObject config) {

    private Object value(String key) {
      return extra.containsKey(key) ? extra.getValue(key) : config.getValue(key);
    }

    boolean has(String key) {
      return value(key) != null;
    }

    String text(String key) {
      Object v = value(key);
      if (v == null) {
        return null;
      }
      if (!(v instanceof String s)) {
        throw TaskException.invalid("chat setting '" + key + "' must be a string");
      }
      return s.isBlank() ? null : s;
    }

    int integer(String key, int fallback, int min, int max) {
      Object v = value(key);
      if (v == null) {
        return fallback;
      }
      if (!(v instanceof Number n) || n.doubleValue() != n.intValue()) {
        throw TaskException.invalid("chat setting '" + key + "' must be an integer");
      }
      if (n.intValue() < min || n.intValue() > max) {
        throw TaskException.invalid(
            "chat setting '" + key + "' must be between " + min + " and " + max);
      }
      return n.intValue();
    }

    List<String> names(String key) {
      Object v = value(key);
      if (v == null) {
        return null;
      }
      if (!(v instanceof JsonArray array)) {
        throw TaskException.invalid("chat setting '" + key + "' must be an array of tool names");
      }
      List<String> out = new ArrayList<>();
      for (Object item : array) {
        if (!(item instanceof String s)) {
          throw TaskException.invalid("chat setting '" + key + "' must hold only strings");
        }
        out.add(s);
      }
      return List.copyOf(out);
    }
  }
}
