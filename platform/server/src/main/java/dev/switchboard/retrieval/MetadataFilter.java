package dev.switchboard.retrieval;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Metadata equality filters, written once for both stores: PostgreSQL matches them with jsonb
 * containment, Lucene with one term per key and value. Only scalar values are comparable in both in
 * the same way, so a filter with an object or array value is rejected.
 */
final class MetadataFilter {

  private MetadataFilter() {}

  /** The filter, validated; null and empty mean no filter. */
  static JsonObject validate(JsonObject filter) {
    if (filter == null) {
      return new JsonObject();
    }
    for (Map.Entry<String, Object> e : filter) {
      if (!isScalar(e.getValue())) {
        throw TaskException.invalid(
            "filter '" + e.getKey() + "' must be a string, number or boolean");
      }
    }
    return filter;
  }

  /** The terms a chunk's metadata is indexed under, one per scalar top-level value. */
  static List<String> terms(JsonObject metadata) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : metadata) {
      if (isScalar(e.getValue())) {
        out.add(term(e.getKey(), e.getValue()));
      }
    }
    return out;
  }

  /**
   * One key and value as a term. Numbers are normalised so that 1 and 1.0 match, as they do in
   * jsonb; the type prefix keeps the string "1" apart from the number 1.
   */
  static String term(String key, Object value) {
    String encoded;
    if (value instanceof Number n) {
      encoded = "n:" + new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    } else if (value instanceof Boolean b) {
      encoded = "b:" + b;
    } else {
      encoded = "s:" + value;
    }
    return key + "\u0000" + encoded;
  }

  private static boolean isScalar(Object value) {
    return value instanceof String || value instanceof Number || value instanceof Boolean;
  }
}
