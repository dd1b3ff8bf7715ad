package dev.switchboard.datasets;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns an import body (CSV with a header, or JSON Lines) into examples and row-level rejections.
 * Every line that does not become an example is reported with its line number and the reason: a bad
 * row never fails the import and is never dropped silently.
 *
 * <p>CSV columns: {@code text} (required), {@code label} (alias {@code category}), {@code output}
 * (chat answer), {@code split}; other columns are kept in the example's source. JSONL lines: {@code
 * {"text","label"}} ({@code category} accepted), {@code {"text","output"}} or OpenAI {@code
 * {"messages":[..]}} for chat (a trailing assistant message is the expected output), {@code
 * {"text"|"query","relevant":[ids]}} for retrieval; {@code split} on any of them.
 */
public final class ImportParser {

  /**
   * The parse.
   *
   * @param examples what passed
   * @param rejected {@code {"line","reason"}} for each row that did not
   */
  public record Parsed(List<ExampleDraft> examples, JsonArray rejected) {}

  /** The body formats. */
  public enum Format {
    CSV,
    JSONL;

    /** The format a content type names, or null. */
    public static Format of(String contentType) {
      if (contentType == null) {
        return null;
      }
      String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      return switch (type) {
        case "text/csv", "application/csv" -> CSV;
        case "application/jsonl",
            "application/x-ndjson",
            "application/ndjson",
            "application/x-jsonlines",
            "application/jsonlines" ->
            JSONL;
        default -> null;
      };
    }
  }

  private ImportParser() {}

  /** Parses a whole body; a CSV whose header lacks a needed column is a 400. */
  public static Parsed parse(String body, Format format, Dataset dataset) {
    return format == Format.CSV ? csv(body, dataset) : jsonl(body, dataset);
  }

  static Parsed csv(String body, Dataset dataset) {
    CsvReader reader = new CsvReader(body);
    CsvReader.Record header = reader.next();
    if (header == null || header.fields() == null) {
      throw dev.switchboard.api.TaskException.invalid(
          "the CSV needs a header row naming its columns (text,label)");
    }
    List<String> names = new ArrayList<>();
    for (String h : header.fields()) {
      names.add(h.strip().toLowerCase(Locale.ROOT));
    }
    int text = names.indexOf("text");
    int label = names.indexOf("label") >= 0 ? names.indexOf("label") : names.indexOf("category");
    int output = names.indexOf("output");
    int split = names.indexOf("split");
    if (text < 0) {
      throw dev.switchboard.api.TaskException.invalid("the CSV header has no 'text' column");
    }
    if (dataset.task() == Task.CLASSIFICATION && label < 0) {
      throw dev.switchboard.api.TaskException.invalid(
          "a classification import needs a 'label' (or 'category') column");
    }
    List<ExampleDraft> out = new ArrayList<>();
    JsonArray rejected = new JsonArray();
    CsvReader.Record r;
    while ((r = reader.next()) != null) {
      if (r.fields() == null) {
        rejected.add(reject(r.line(), "malformed CSV: " + r.error()));
        continue;
      }
      List<String> f = r.fields();
      if (f.size() == 1 && f.get(0).isEmpty()) {
        rejected.add(reject(r.line(), "empty line"));
        continue;
      }
      if (f.size() != names.size()) {
        rejected.add(
            reject(r.line(), "has " + f.size() + " fields, the header has " + names.size()));
        continue;
      }
      JsonObject source = new JsonObject().put("type", "import").put("line", r.line());
      JsonObject extra = new JsonObject();
      for (int i = 0; i < names.size(); i++) {
        if (i != text && i != label && i != output && i != split) {
          extra.put(names.get(i), f.get(i));
        }
      }
      if (!extra.isEmpty()) {
        source.put("columns", extra);
      }
      String t = f.get(text);
      String answer = output >= 0 ? blankToNull(f.get(output)) : null;
      ExampleDraft draft =
          draft(
              dataset,
              t,
              null,
              answer,
              label >= 0 ? blankToNull(f.get(label).strip()) : null,
              split >= 0 ? blankToNull(f.get(split).strip()) : null,
              null,
              source);
      accept(dataset, draft, r.line(), out, rejected);
    }
    return new Parsed(out, rejected);
  }

  static Parsed jsonl(String body, Dataset dataset) {
    List<ExampleDraft> out = new ArrayList<>();
    JsonArray rejected = new JsonArray();
    String[] lines = body.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty()) {
        if (i < lines.length - 1) {
          rejected.add(reject(lineNo, "empty line"));
        }
        continue;
      }
      JsonObject json;
      try {
        Object value = io.vertx.core.json.Json.decodeValue(line);
        if (!(value instanceof JsonObject o)) {
          rejected.add(reject(lineNo, "not a JSON object"));
          continue;
        }
        json = o;
      } catch (DecodeException e) {
        rejected.add(reject(lineNo, "malformed JSON"));
        continue;
      }
      try {
        ExampleDraft draft = fromJson(dataset, json, lineNo);
        accept(dataset, draft, lineNo, out, rejected);
      } catch (ClassCastException e) {
        rejected.add(reject(lineNo, "a field has the wrong type (messages, relevant, output)"));
      } catch (IllegalArgumentException e) {
        rejected.add(reject(lineNo, e.getMessage()));
      }
    }
    return new Parsed(out, rejected);
  }

  private static ExampleDraft fromJson(Dataset dataset, JsonObject json, int line) {
    String text = str(json, "text", str(json, "query", null));
    String label = str(json, "label", str(json, "category", null));
    Object output = json.getValue("output", json.getValue("completion"));
    JsonArray messages = json.getJsonArray("messages");
    JsonObject source = new JsonObject().put("type", "import").put("line", line);
    JsonObject retrievalOutput = null;
    if (json.containsKey("relevant")) {
      retrievalOutput = new JsonObject().put("relevant", json.getJsonArray("relevant"));
    }
    return draft(
        dataset,
        text,
        messages,
        output instanceof String s ? s : output == null ? null : String.valueOf(output),
        blankToNull(label),
        blankToNull(str(json, "split", null)),
        retrievalOutput,
        source);
  }

  /**
   * Builds a draft in the dataset's shape. Chat examples keep their messages as the input; the last
   * assistant message, if the messages end with one, becomes the expected output.
   */
  static ExampleDraft draft(
      Dataset dataset,
      String text,
      JsonArray messages,
      String answer,
      String label,
      String split,
      JsonObject retrievalOutput,
      JsonObject source) {
    if (dataset.task() == Task.CHAT) {
      JsonArray context = messages == null ? new JsonArray() : messages.copy();
      if (messages == null && text != null) {
        context.add(new JsonObject().put("role", "user").put("content", text));
      }
      if (answer == null
          && !context.isEmpty()
          && "assistant".equals(context.getJsonObject(context.size() - 1).getString("role"))) {
        answer = context.getJsonObject(context.size() - 1).getString("content");
        context.remove(context.size() - 1);
      }
      String primary = lastUser(context);
      return new ExampleDraft(
          primary == null ? "" : primary,
          new JsonObject().put("messages", context),
          answer == null ? null : new JsonObject().put("content", answer),
          label,
          split,
          source);
    }
    JsonObject output = retrievalOutput;
    if (output == null && answer != null) {
      output = new JsonObject().put("content", answer);
    }
    String t = text == null ? "" : text;
    return new ExampleDraft(t, new JsonObject().put("text", t), output, label, split, source);
  }

  /** The last user turn's text: what a chat example is listed, searched and hashed by. */
  static String lastUser(JsonArray messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonObject m = messages.getJsonObject(i);
      if ("user".equals(m.getString("role"))) {
        return m.getString("content");
      }
    }
    return null;
  }

  private static void accept(
      Dataset dataset, ExampleDraft draft, int line, List<ExampleDraft> out, JsonArray rejected) {
    String problem = QualityRules.problem(dataset, draft);
    if (problem != null) {
      rejected.add(reject(line, problem));
    } else {
      out.add(draft);
    }
  }

  private static JsonObject reject(int line, String reason) {
    return new JsonObject().put("line", line).put("reason", reason);
  }

  /** A string field; JSON's numbers and booleans are not silently turned into labels. */
  private static String str(JsonObject json, String field, String fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException("'" + field + "' must be a string");
    }
    return s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
