package dev.switchboard.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  @Test
  void readsPlainAndQuotedFieldsWithCommasQuotesAndLineBreaks() {
    List<CsvReader.Record> records =
        CsvReader.readAll(
            "text,label\r\nplain,a\n\"with, comma\",b\n\"say \"\"hi\"\"\",c\n\"two\nlines\",d\n");
    assertEquals(5, records.size());
    assertEquals(List.of("text", "label"), records.get(0).fields());
    assertEquals(List.of("plain", "a"), records.get(1).fields());
    assertEquals(List.of("with, comma", "b"), records.get(2).fields());
    assertEquals(List.of("say \"hi\"", "c"), records.get(3).fields());
    assertEquals(List.of("two\nlines", "d"), records.get(4).fields());
    assertEquals(5, records.get(4).line());
  }

  @Test
  void countsLinesAcrossEmbeddedBreaksAndHandlesNoFinalNewline() {
    List<CsvReader.Record> records = CsvReader.readAll("a\n\"x\n\ny\",1\nlast,2");
    assertEquals(3, records.size());
    assertEquals(2, records.get(1).line());
    assertEquals(5, records.get(2).line());
    assertEquals(List.of("last", "2"), records.get(2).fields());
  }

  @Test
  void keepsEmptyFieldsAndStripsAByteOrderMark() {
    List<CsvReader.Record> records = CsvReader.readAll("\uFEFFtext,label\n,\n\"\",x\n");
    assertEquals(List.of("text", "label"), records.get(0).fields());
    assertEquals(List.of("", ""), records.get(1).fields());
    assertEquals(List.of("", "x"), records.get(2).fields());
  }

  @Test
  void reportsMalformedRecordsAndGoesOn() {
    List<CsvReader.Record> records =
        CsvReader.readAll("a,b\n\"closed\"extra,1\nbare\"quote,2\nok,3\n\"never closed,4\n");
    assertNull(records.get(1).fields());
    assertEquals("text after a closing quote", records.get(1).error());
    assertNull(records.get(2).fields());
    assertEquals(List.of("ok", "3"), records.get(3).fields());
    assertNull(records.get(4).fields());
    assertEquals("a quoted field is never closed", records.get(4).error());
    assertEquals(5, records.get(4).line());
  }

  @Test
  void exportQuotingReadsBack() {
    String field = "a \"quoted\", multi\r\nline text";
    String line = ExportFormat.quote(field) + "," + ExportFormat.quote("plain") + "\n";
    assertEquals(List.of(field, "plain"), CsvReader.readAll(line).get(0).fields());
  }
}
