package dev.switchboard.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 reader: comma-separated fields, double-quoted fields may hold commas, quotes
 * (doubled) and line breaks; records end with CRLF or LF. A malformed record (text after a closing
 * quote, a quote inside an unquoted field, an unterminated quote) is reported with its line and
 * skipped, so one bad row never hides the rest.
 */
public final class CsvReader {

  /**
   * One record.
   *
   * @param line the 1-based line the record starts on
   * @param fields the fields, or null when the record is malformed
   * @param error why it is malformed, or null
   */
  public record Record(int line, List<String> fields, String error) {}

  private final String text;
  private int pos;
  private int line = 1;

  public CsvReader(String text) {
    // A byte-order mark is not part of the first header name.
    this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** Reads every record; a final empty line is not a record. */
  public static List<Record> readAll(String text) {
    CsvReader reader = new CsvReader(text);
    List<Record> out = new ArrayList<>();
    Record r;
    while ((r = reader.next()) != null) {
      out.add(r);
    }
    return out;
  }

  /** The next record, or null at the end. */
  public Record next() {
    if (pos >= text.length()) {
      return null;
    }
    int start = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    String error = null;
    boolean quoted = false;
    boolean afterQuote = false;
    boolean fieldStart = true;
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (quoted) {
        if (c == '"') {
          if (pos < text.length() && text.charAt(pos) == '"') {
            field.append('"');
            pos++;
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
        continue;
      }
      if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        afterQuote = false;
        fieldStart = true;
        continue;
      }
      if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
        continue;
      }
      if (c == '\n' || c == '\r') {
        line++;
        fields.add(field.toString());
        return new Record(start, error == null ? fields : null, error);
      }
      if (c == '"' && fieldStart) {
        quoted = true;
        fieldStart = false;
        continue;
      }
      if (error == null) {
        if (afterQuote) {
          error = "text after a closing quote";
        } else if (c == '"') {
          error = "a quote inside an unquoted field (quote the field and double the quote)";
        }
      }
      fieldStart = false;
      field.append(c);
    }
    if (quoted) {
      return new Record(start, null, "a quoted field is never closed");
    }
    fields.add(field.toString());
    return new Record(start, error == null ? fields : null, error);
  }
}
