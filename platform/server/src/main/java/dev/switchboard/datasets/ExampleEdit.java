package dev.switchboard.datasets;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One example after a {@code PATCH}: the changed fields applied to the stored ones and checked by
 * the same {@link QualityRules} as an import.
 *
 * @param draft the new content
 * @param status the new status
 */
record ExampleEdit(ExampleDraft draft, String status) {

  /** Applies {@code changes}, whose fields and types {@code openapi.yaml} has checked. */
  static ExampleEdit apply(Dataset dataset, JsonObject current, JsonObject changes) {
    String text = current.getString("text");
    JsonObject input = current.getJsonObject("input");
    JsonObject output = (JsonObject) current.getValue("output");
    String label = current.getString("label");
    String status = current.getString("status");
    String split = current.getString("split");
    JsonObject source =
        current.getValue("source") instanceof JsonObject s ? s.copy() : new JsonObject();
    for (String field : changes.fieldNames()) {
      Object value = changes.getValue(field);
      switch (field) {
        case "text" -> {
          text = (String) value;
          input = withText(dataset, input, text);
        }
        case "label" -> label = (String) value;
        case "output" -> {
          JsonObject next =
              value instanceof String s ? new JsonObject().put("content", s) : (JsonObject) value;
          if (output != null && !output.equals(next) && !source.containsKey("originalOutput")) {
            source.put("originalOutput", output);
          }
          output = next;
        }
        case "status" -> status = (String) value;
        case "split" -> split = (String) value;
        default -> throw new IllegalArgumentException("not a field of an example edit: " + field);
      }
    }
    ExampleDraft draft =
        new ExampleDraft(text, input, output, label, split, source.isEmpty() ? null : source);
    String problem = QualityRules.problem(dataset, draft);
    if (problem != null) {
      throw TaskException.invalid(problem);
    }
    return new ExampleEdit(draft, status);
  }

  /** A chat example's text is its last user turn: editing it edits that message. */
  private static JsonObject withText(Dataset dataset, JsonObject input, String text) {
    JsonArray messages = input.getJsonArray("messages");
    if (messages == null) {
      return new JsonObject().put("text", text);
    }
    JsonArray copy = messages.copy();
    for (int i = copy.size() - 1; i >= 0; i--) {
      if ("user".equals(copy.getJsonObject(i).getString("role"))) {
        copy.getJsonObject(i).put("content", text);
        return input.copy().put("messages", copy);
      }
    }
    copy.add(new JsonObject().put("role", "user").put("content", text));
    return input.copy().put("messages", copy);
  }
}
