package dev.switchboard.datasets;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Export formats, one line per example. An example a format cannot express (a chat example with no
 * expected answer for fine-tuning formats, an example with no edited answer for preference pairs)
 * yields no line.
 *
 * <ul>
 *   <li>{@code jsonl}: the native form {@code {"id","text","input","output","label","split"}} —
 *       imports back as JSON Lines.
 *   <li>{@code csv}: {@code text,label,split} (chat adds {@code output}), RFC 4180 — imports back.
 *   <li>{@code openai-chat}: {@code {"messages":[..,{"role":"assistant","content":..}]}}; a
 *       classification example's answer is its label.
 *   <li>{@code openai-dpo}: {@code {"input":{"messages":[..]},"preferred_output":[assistant],
 *       "non_preferred_output":[assistant]}} from examples whose answer was edited (the edit is
 *       preferred over the original answer) — edits of answers promoted with negative feedback
 *       included.
 *   <li>{@code sharegpt}: {@code {"conversations":[{"from":"system|human|gpt","value":..}]}}.
 *   <li>{@code alpaca}: {@code {"instruction","input":"","output","history":[[q,a]..]}}.
 * </ul>
 */
public enum ExportFormat {
  JSONL("jsonl", "application/jsonl"),
  CSV("csv", "text/csv"),
  OPENAI_CHAT("openai-chat", "application/jsonl"),
  OPENAI_DPO("openai-dpo", "application/jsonl"),
  SHAREGPT("sharegpt", "application/jsonl"),
  ALPACA("alpaca", "application/jsonl");

  private final String wireName;
  private final String contentType;

  ExportFormat(String wireName, String contentType) {
    this.wireName = wireName;
    this.contentType = contentType;
  }

  /** Parses {@code ?format=}. */
  public static ExportFormat parse(String name) {
    for (ExportFormat f : values()) {
      if (f.wireName.equals(name)) {
        return f;
      }
    }
    throw TaskException.invalid(
        "'format' must be one of jsonl, csv, openai-chat, openai-dpo, sharegpt, alpaca");
  }

  public String wireName() {
    return wireName;
  }

  public String contentType() {
    return contentType;
  }

  /** The first line, or null. */
  public String header(Task task) {
    if (this != CSV) {
      return null;
    }
    return task == Task.CHAT ? "text,label,split,output\n" : "text,label,split\n";
  }

  /** The line for one example (ending in a newline), or null to leave it out. */
  public String line(Task task, JsonObject e) {
    return switch (this) {
      case JSONL ->
          new JsonObject()
                  .put("id", e.getString("id"))
                  .put("text", e.getString("text"))
                  .put("input", e.getValue("input"))
                  .put("output", e.getValue("output"))
                  .put("label", e.getString("label"))
                  .put("split", e.getString("split"))
                  .encode()
              + "\n";
      case CSV -> csv(task, e);
      case OPENAI_CHAT -> {
        String answer = answer(task, e);
        yield answer == null
            ? null
            : new JsonObject().put("messages", messages(e).add(assistant(answer))).encode() + "\n";
      }
      case OPENAI_DPO -> dpo(task, e);
      case SHAREGPT -> {
        String answer = answer(task, e);
        if (answer == null) {
          yield null;
        }
        JsonArray turns = new JsonArray();
        for (Object o : messages(e)) {
          JsonObject m = (JsonObject) o;
          turns.add(
              new JsonObject()
                  .put("from", shareGptRole(m.getString("role")))
                  .put("value", m.getString("content")));
        }
        turns.add(new JsonObject().put("from", "gpt").put("value", answer));
        yield new JsonObject().put("conversations", turns).encode() + "\n";
      }
      case ALPACA -> alpaca(task, e);
    };
  }

  private static String csv(Task task, JsonObject e) {
    StringBuilder line =
        new StringBuilder()
            .append(quote(e.getString("text")))
            .append(',')
            .append(quote(e.getString("label")))
            .append(',')
            .append(quote(e.getString("split")));
    if (task == Task.CHAT) {
      line.append(',').append(quote(content(e.getValue("output"))));
    }
    return line.append('\n').toString();
  }

  /** RFC 4180: quote a field holding a comma, quote or line break; double its quotes. */
  static String quote(String field) {
    if (field == null) {
      return "";
    }
    if (field.indexOf(',') < 0
        && field.indexOf('"') < 0
        && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }

  private static String dpo(Task task, JsonObject e) {
    JsonObject source = e.getValue("source") instanceof JsonObject s ? s : null;
    if (source == null || !(source.getValue("originalOutput") instanceof JsonObject original)) {
      return null;
    }
    String preferred = content(e.getValue("output"));
    String rejected = content(original);
    if (preferred == null || rejected == null || preferred.equals(rejected)) {
      return null;
    }
    return new JsonObject()
            .put("input", new JsonObject().put("messages", messages(e)))
            .put("preferred_output", new JsonArray().add(assistant(preferred)))
            .put("non_preferred_output", new JsonArray().add(assistant(rejected)))
            .encode()
        + "\n";
  }

  private static String alpaca(Task task, JsonObject e) {
    String answer = answer(task, e);
    if (answer == null) {
      return null;
    }
    JsonArray messages = messages(e);
    JsonArray history = new JsonArray();
    String system = null;
    String pendingUser = null;
    for (int i = 0; i < messages.size() - 1; i++) {
      JsonObject m = messages.getJsonObject(i);
      switch (m.getString("role")) {
        case "system" -> system = m.getString("content");
        case "user" -> pendingUser = m.getString("content");
        case "assistant" -> {
          history.add(
              new JsonArray()
                  .add(pendingUser == null ? "" : pendingUser)
                  .add(m.getString("content")));
          pendingUser = null;
        }
        default -> {}
      }
    }
    JsonObject out =
        new JsonObject()
            .put("instruction", e.getString("text"))
            .put("input", "")
            .put("output", answer);
    if (system != null) {
      out.put("system", system);
    }
    if (!history.isEmpty()) {
      out.put("history", history);
    }
    return out.encode() + "\n";
  }

  /** The conversation before the answer: chat messages, or the text as one user turn. */
  private static JsonArray messages(JsonObject e) {
    Object input = e.getValue("input");
    if (input instanceof JsonObject in && in.getJsonArray("messages") != null) {
      JsonArray out = new JsonArray();
      for (Object o : in.getJsonArray("messages")) {
        JsonObject m = (JsonObject) o;
        out.add(
            new JsonObject()
                .put("role", m.getString("role"))
                .put("content", m.getString("content")));
      }
      return out;
    }
    return new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", e.getString("text")));
  }

  private static String answer(Task task, JsonObject e) {
    if (task == Task.CLASSIFICATION) {
      return e.getString("label");
    }
    return content(e.getValue("output"));
  }

  private static String content(Object output) {
    if (output instanceof JsonObject o) {
      Object c = o.getValue("content");
      if (c instanceof String s) {
        return s;
      }
      return o.encode();
    }
    return null;
  }

  private static JsonObject assistant(String content) {
    return new JsonObject().put("role", "assistant").put("content", content);
  }

  private static String shareGptRole(String role) {
    return switch (role) {
      case "user" -> "human";
      case "assistant" -> "gpt";
      default -> role;
    };
  }
}
