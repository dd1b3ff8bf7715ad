package dev.switchboard.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CopyJsonTest {

  /** What COPY's text format makes of a field: backslash escapes undone. */
  private static String unescapeCopy(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char next = field.charAt(++i);
      out.append(
          switch (next) {
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 'b' -> '\b';
            case 'f' -> '\f';
            default -> next;
          });
    }
    return out.toString();
  }

  private static String copyField(Object value) {
    return CopyJson.append(new StringBuilder(), value).toString();
  }

  @Test
  void awkwardDocumentsSurviveJsonAndCopyEscapingExactly() {
    JsonObject doc =
        new JsonObject()
            .put("quote\"key", "a \"quoted\" \\ back\\slash \\N not null")
            .put("controls", "tab\t nl\n cr\r bs\b ff\f \u0001 \u001f end")
            .put("unicode", "é ß 中文 😀 \u2028")
            .put("numbers", new JsonArray().add(0).add(-7L).add(0.95).add(1e-5).add(1e21).add(2.5f))
            .put(
                "nested",
                new JsonObject().put("empty", new JsonObject()).put("list", new JsonArray()))
            .put("nothing", (Object) null)
            .put("flags", new JsonArray().add(true).add(false).addNull());
    String field = copyField(doc);
    assertFalse(field.contains("\t") || field.contains("\n") || field.contains("\r"), field);
    assertEquals(doc, new JsonObject(unescapeCopy(field)));
  }

  @Test
  void randomStringsRoundTrip() {
    Random rnd = new Random(1);
    for (int n = 0; n < 2_000; n++) {
      StringBuilder s = new StringBuilder();
      for (int i = rnd.nextInt(20); i > 0; i--) {
        s.append((char) (rnd.nextInt(4) == 0 ? rnd.nextInt(0x80) : rnd.nextInt(0xD800)));
      }
      JsonObject doc = new JsonObject().put(s.toString(), new JsonArray().add(s.toString()));
      assertEquals(doc, new JsonObject(unescapeCopy(copyField(doc))), s.toString());
    }
  }

  @Test
  void valuesJsonCannotSpellGoTheWayJacksonWritesThem() {
    Instant at = Instant.parse("2026-11-25T12:00:00.123Z");
    JsonObject doc = new JsonObject().put("at", at).put("nan", Double.NaN);
    JsonObject back = new JsonObject(unescapeCopy(copyField(doc)));
    assertEquals(at.toString(), back.getString("at"));
    assertEquals("NaN", back.getString("nan"));
    assertEquals(new JsonObject(doc.encode()).getValue("at"), back.getValue("at"));
  }
}
