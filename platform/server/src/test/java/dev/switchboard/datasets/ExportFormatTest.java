package dev.switchboard.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportFormatTest {

  private static JsonObject classification(String text, String label) {
    return new JsonObject()
        .put("id", "e1")
        .put("text", text)
        .put("input", new JsonObject().put("text", text))
        .put("label", label)
        .put("split", "train");
  }

  @Test
  void classificationLines() {
    JsonObject e = classification("card, \"lost\"\nagain", "lost_or_stolen_card");
    assertEquals("text,label,split\n", ExportFormat.CSV.header(Task.CLASSIFICATION));
    String csv = ExportFormat.CSV.line(Task.CLASSIFICATION, e);
    assertEquals(
        List.of("card, \"lost\"\nagain", "lost_or_stolen_card", "train"),
        CsvReader.readAll(csv).get(0).fields());
    JsonObject chat = new JsonObject(ExportFormat.OPENAI_CHAT.line(Task.CLASSIFICATION, e));
    assertEquals(
        new JsonArray()
            .add(new JsonObject().put("role", "user").put("content", "card, \"lost\"\nagain"))
            .add(new JsonObject().put("role", "assistant").put("content", "lost_or_stolen_card")),
        chat.getJsonArray("messages"));
    assertNull(ExportFormat.OPENAI_DPO.line(Task.CLASSIFICATION, e));
  }

  @Test
  void chatWithoutAnAnswerIsLeftOutOfFineTuningFormats() {
    JsonObject e =
        new JsonObject()
            .put("id", "e2")
            .put("text", "q")
            .put(
                "input",
                new JsonObject()
                    .put(
                        "messages",
                        new JsonArray()
                            .add(new JsonObject().put("role", "user").put("content", "q"))));
    assertNull(ExportFormat.OPENAI_CHAT.line(Task.CHAT, e));
    assertNull(ExportFormat.SHAREGPT.line(Task.CHAT, e));
    assertNull(ExportFormat.ALPACA.line(Task.CHAT, e));
    assertEquals("q,,,\n", ExportFormat.CSV.line(Task.CHAT, e));
    assertEquals("e2", new JsonObject(ExportFormat.JSONL.line(Task.CHAT, e)).getString("id"));
  }
}
