package dev.switchboard.eval;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.util.List;
import java.util.Map;

/**
 * Writes a JSON value straight into a {@code COPY ... FROM STDIN} text field: JSON's own escapes,
 * then COPY's (every backslash doubled). One pass into the batch's buffer, with no intermediate
 * string per value; the eval log writer encodes two documents per row, and through Jackson that was
 * half of its work. Values JSON has no literal for (dates, bytes, ...) go through Jackson.
 */
final class CopyJson {

  private static final JacksonCodec JACKSON = new JacksonCodec();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CopyJson() {}

  /** Appends {@code value} as JSON, escaped for COPY's text format. */
  static StringBuilder append(StringBuilder out, Object value) {
    if (value == null) {
      return out.append("null");
    }
    if (value instanceof JsonObject o) {
      return object(out, o.getMap());
    }
    if (value instanceof Map<?, ?> m) {
      return object(out, m);
    }
    if (value instanceof JsonArray a) {
      return array(out, a.getList());
    }
    if (value instanceof List<?> l) {
      return array(out, l);
    }
    if (value instanceof String s) {
      return string(out, s);
    }
    if (value instanceof Boolean b) {
      return out.append(b.booleanValue());
    }
    if (value instanceof Double d) {
      return floating(out, d, Double.toString(d));
    }
    if (value instanceof Float f) {
      return floating(out, f, Float.toString(f));
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof java.math.BigInteger
        || value instanceof java.math.BigDecimal) {
      return out.append(value);
    }
    return EvalLogCopy.field(out, JACKSON.toString(value, false));
  }

  private static StringBuilder object(StringBuilder out, Map<?, ?> map) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, String.valueOf(e.getKey())).append(':');
      append(out, e.getValue());
    }
    return out.append('}');
  }

  private static StringBuilder array(StringBuilder out, List<?> list) {
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      append(out, list.get(i));
    }
    return out.append(']');
  }

  /** Like Jackson: NaN and the infinities, which JSON cannot spell, as strings. */
  private static StringBuilder floating(StringBuilder out, double v, String text) {
    return Double.isFinite(v) ? out.append(text) : string(out, text);
  }

  private static StringBuilder string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\\\""); // JSON \" with its backslash doubled for COPY
        case '\\' -> out.append("\\\\\\\\"); // JSON \\ -> COPY \\\\
        case '\n' -> out.append("\\\\n");
        case '\r' -> out.append("\\\\r");
        case '\t' -> out.append("\\\\t");
        case '\b' -> out.append("\\\\b");
        case '\f' -> out.append("\\\\f");
        default -> {
          if (c < 0x20) {
            out.append("\\\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }
}
