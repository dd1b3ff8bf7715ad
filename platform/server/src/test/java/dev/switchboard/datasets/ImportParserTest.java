package dev.switchboard.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImportParserTest {

  private static Dataset dataset(Task task, List<String> labels) {
    return new Dataset(UUID.randomUUID(), "d", task, null, labels, OffsetDateTime.now());
  }

  @Test
  void csvReportsEveryBadRowWithItsLine() {
    String csv =
        "text,category\n"
            + "good one,a\n"
            + ",a\n"
            + "no label,\n"
            + "\"multi\nline\",b\n"
            + "wrong,z\n"
            + "too,many,fields\n"
            + "x".repeat(QualityRules.MAX_CHARS + 1)
            + ",a\n";
    ImportParser.Parsed parsed =
        ImportParser.parse(
            csv, ImportParser.Format.CSV, dataset(Task.CLASSIFICATION, List.of("a", "b")));
    assertEquals(2, parsed.examples().size());
    assertEquals("multi\nline", parsed.examples().get(1).text());
    assertEquals(5, parsed.rejected().size());
    assertEquals(
        new JsonObject().put("line", 3).put("reason", "empty text"),
        parsed.rejected().getJsonObject(0));
    assertEquals("missing label", parsed.rejected().getJsonObject(1).getString("reason"));
    assertEquals(7, parsed.rejected().getJsonObject(2).getInteger("line"));
    assertEquals(8, parsed.rejected().getJsonObject(3).getInteger("line"));
    assertEquals(9, parsed.rejected().getJsonObject(4).getInteger("line"));
    assertEquals(
        "too long: 20001 characters, at most 20000",
        parsed.rejected().getJsonObject(4).getString("reason"));
  }

  @Test
  void csvWithoutTheNeededColumnsIsABadRequest() {
    Dataset ds = dataset(Task.CLASSIFICATION, null);
    assertThrows(
        TaskException.class, () -> ImportParser.parse("label\nx\n", ImportParser.Format.CSV, ds));
    assertThrows(
        TaskException.class, () -> ImportParser.parse("text\nx\n", ImportParser.Format.CSV, ds));
  }

  @Test
  void jsonlAcceptsLabelsMessagesAndReportsMalformedLines() {
    String body =
        "{\"text\":\"hi\",\"label\":\"a\"}\n"
            + "{not json\n"
            + "[1,2]\n"
            + "\n"
            + "{\"text\":\"x\",\"label\":5}\n"
            + "{\"text\":\"ok\",\"category\":\"b\",\"split\":\"test\"}\n";
    ImportParser.Parsed parsed =
        ImportParser.parse(body, ImportParser.Format.JSONL, dataset(Task.CLASSIFICATION, null));
    assertEquals(2, parsed.examples().size());
    assertEquals("test", parsed.examples().get(1).split());
    assertEquals(4, parsed.rejected().size());
    assertEquals("malformed JSON", parsed.rejected().getJsonObject(0).getString("reason"));
    assertEquals("not a JSON object", parsed.rejected().getJsonObject(1).getString("reason"));
    assertEquals("empty line", parsed.rejected().getJsonObject(2).getString("reason"));
    assertEquals(5, parsed.rejected().getJsonObject(3).getInteger("line"));
  }

  @Test
  void chatMessagesEndingWithTheAssistantBecomeInputAndOutput() {
    String body =
        "{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
            + "{\"role\":\"user\",\"content\":\"q1\"},{\"role\":\"assistant\",\"content\":\"a1\"},"
            + "{\"role\":\"user\",\"content\":\"q2\"},{\"role\":\"assistant\",\"content\":\"a2\"}]}\n"
            + "{\"text\":\"single\",\"output\":\"answer\"}\n";
    ImportParser.Parsed parsed =
        ImportParser.parse(body, ImportParser.Format.JSONL, dataset(Task.CHAT, null));
    assertEquals(0, parsed.rejected().size(), parsed.rejected().encode());
    ExampleDraft first = parsed.examples().get(0);
    assertEquals("q2", first.text());
    assertEquals(4, first.input().getJsonArray("messages").size());
    assertEquals("a2", first.output().getString("content"));
    assertEquals("answer", parsed.examples().get(1).output().getString("content"));
  }

  @Test
  void contentTypesPickTheFormat() {
    assertEquals(ImportParser.Format.CSV, ImportParser.Format.of("text/csv; charset=utf-8"));
    assertEquals(ImportParser.Format.JSONL, ImportParser.Format.of("application/x-ndjson"));
    assertEquals(ImportParser.Format.JSONL, ImportParser.Format.of("application/jsonl"));
    assertEquals(null, ImportParser.Format.of("application/json"));
  }
}
