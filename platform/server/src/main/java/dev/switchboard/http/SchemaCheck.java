package dev.switchboard.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON schema compiled into a tree of plain checks, for the hot path: it only answers whether a
 * value is valid, without allocating. vertx-json-schema interprets the schema afresh on every call
 * (tens of microseconds for a small body, most of a bare server's whole budget per request), so it
 * is kept for what it does well: explaining a value this check has refused ({@link SchemaErrors}),
 * and deciding formats. The keywords compiled are those the document uses; a schema with any other
 * keyword does not compile ({@link #compile} answers null) and is validated by vertx-json-schema.
 * {@code SchemaCheckTest} holds both to the same answers over every schema in the document.
 */
final class SchemaCheck {

  /** Keywords that only describe. */
  private static final Set<String> ANNOTATIONS =
      Set.of(
          "description",
          "title",
          "default",
          "examples",
          "example",
          "deprecated",
          "readOnly",
          "writeOnly",
          "$comment",
          "$schema",
          "$id");

  private static final Set<String> ASSERTIONS =
      Set.of(
          "$ref",
          "type",
          "enum",
          "const",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "minLength",
          "maxLength",
          "pattern",
          "format",
          "required",
          "properties",
          "additionalProperties",
          "minProperties",
          "maxProperties",
          "items",
          "minItems",
          "maxItems",
          "oneOf",
          "anyOf",
          "allOf",
          "not");

  /** One compiled check. */
  interface Check {
    boolean test(Object value);
  }

  private SchemaCheck() {}

  /**
   * Compiles a schema whose {@code $ref}s point into {@code document} ({@code #/...}).
   *
   * @param formats validates the strings of a {@code format} (vertx-json-schema decides them)
   * @return the check, or null when the schema uses a keyword not compiled here
   */
  static Check compile(JsonObject schema, OpenApiSpec document, SchemaRepository formats) {
    try {
      return new Compiler(document, formats).node(schema, 0);
    } catch (Uncompilable e) {
      return null;
    }
  }

  private static final class Uncompilable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Uncompilable(String keyword) {
      super(keyword, null, false, false);
    }
  }

  private record Compiler(OpenApiSpec document, SchemaRepository formats) {

    Check node(Object raw, int depth) {
      if (depth > 64) {
        throw new Uncompilable("$ref cycle");
      }
      if (raw instanceof Boolean b) {
        return b ? value -> true : value -> false;
      }
      JsonObject schema = (JsonObject) raw;
      List<Check> checks = new ArrayList<>();
      for (String keyword : schema.fieldNames()) {
        if (!ASSERTIONS.contains(keyword)
            && !ANNOTATIONS.contains(keyword)
            && !keyword.startsWith("x-")) {
          throw new Uncompilable(keyword);
        }
      }
      if (schema.containsKey("$ref")) {
        JsonObject target = document.referenced(schema.getString("$ref"));
        if (target == null) {
          throw new Uncompilable("$ref " + schema.getString("$ref"));
        }
        checks.add(node(target, depth + 1));
      }
      if (schema.containsKey("type")) {
        checks.add(type(schema.getValue("type")));
      }
      if (schema.containsKey("enum")) {
        Object[] allowed = schema.getJsonArray("enum").getList().toArray();
        checks.add(
            value -> {
              for (Object a : allowed) {
                if (same(a, value)) {
                  return true;
                }
              }
              return false;
            });
      }
      if (schema.containsKey("const")) {
        Object constant = schema.getValue("const");
        checks.add(value -> same(constant, value));
      }
      numbers(schema, checks);
      strings(schema, checks);
      objects(schema, checks, depth);
      arrays(schema, checks, depth);
      alternatives(schema, checks, depth);
      return all(checks);
    }

    private void numbers(JsonObject schema, List<Check> checks) {
      bound(schema, "minimum", checks, c -> c >= 0);
      bound(schema, "maximum", checks, c -> c <= 0);
      bound(schema, "exclusiveMinimum", checks, c -> c > 0);
      bound(schema, "exclusiveMaximum", checks, c -> c < 0);
    }

    private static void bound(
        JsonObject schema, String keyword, List<Check> checks, IntTest comparison) {
      if (schema.getValue(keyword) instanceof Number limit) {
        checks.add(value -> !(value instanceof Number n) || comparison.test(compare(n, limit)));
      } else if (schema.containsKey(keyword)) {
        throw new Uncompilable(keyword);
      }
    }

    private void strings(JsonObject schema, List<Check> checks) {
      Integer min = schema.getInteger("minLength");
      Integer max = schema.getInteger("maxLength");
      if (min != null || max != null) {
        int lo = min == null ? 0 : min;
        int hi = max == null ? Integer.MAX_VALUE : max;
        checks.add(
            value -> {
              if (!(value instanceof String s)) {
                return true;
              }
              int length = s.codePointCount(0, s.length());
              return length >= lo && length <= hi;
            });
      }
      if (schema.containsKey("pattern")) {
        Pattern pattern = Pattern.compile(schema.getString("pattern"));
        checks.add(value -> !(value instanceof String s) || pattern.matcher(s).find());
      }
      if (schema.containsKey("format")) {
        Validator format =
            formats.validator(
                JsonSchema.of(new JsonObject().put("format", schema.getString("format"))));
        checks.add(value -> !(value instanceof String) || format.validate(value).getValid());
      }
    }

    private void objects(JsonObject schema, List<Check> checks, int depth) {
      JsonArray required = schema.getJsonArray("required");
      if (required != null) {
        List<String> names = new ArrayList<>();
        required.forEach(name -> names.add((String) name));
        checks.add(
            value -> {
              if (!(value instanceof JsonObject o)) {
                return true;
              }
              for (String name : names) {
                if (!o.containsKey(name)) {
                  return false;
                }
              }
              return true;
            });
      }
      Map<String, Check> properties = new HashMap<>();
      JsonObject declared = schema.getJsonObject("properties");
      if (declared != null) {
        for (String name : declared.fieldNames()) {
          properties.put(name, node(declared.getValue(name), depth + 1));
        }
      }
      Check additional =
          schema.containsKey("additionalProperties")
              ? node(schema.getValue("additionalProperties"), depth + 1)
              : null;
      if (!properties.isEmpty() || additional != null) {
        checks.add(
            value -> {
              if (!(value instanceof JsonObject o)) {
                return true;
              }
              for (Map.Entry<String, Object> field : o) {
                Check check = properties.get(field.getKey());
                if (check == null) {
                  check = additional;
                }
                if (check != null && !check.test(field.getValue())) {
                  return false;
                }
              }
              return true;
            });
      }
      Integer min = schema.getInteger("minProperties");
      Integer max = schema.getInteger("maxProperties");
      if (min != null || max != null) {
        int lo = min == null ? 0 : min;
        int hi = max == null ? Integer.MAX_VALUE : max;
        checks.add(value -> !(value instanceof JsonObject o) || o.size() >= lo && o.size() <= hi);
      }
    }

    private void arrays(JsonObject schema, List<Check> checks, int depth) {
      if (schema.containsKey("items")) {
        Check items = node(schema.getValue("items"), depth + 1);
        checks.add(
            value -> {
              if (!(value instanceof JsonArray a)) {
                return true;
              }
              for (int i = 0; i < a.size(); i++) {
                if (!items.test(a.getValue(i))) {
                  return false;
                }
              }
              return true;
            });
      }
      Integer min = schema.getInteger("minItems");
      Integer max = schema.getInteger("maxItems");
      if (min != null || max != null) {
        int lo = min == null ? 0 : min;
        int hi = max == null ? Integer.MAX_VALUE : max;
        checks.add(value -> !(value instanceof JsonArray a) || a.size() >= lo && a.size() <= hi);
      }
    }

    private void alternatives(JsonObject schema, List<Check> checks, int depth) {
      List<Check> oneOf = branches(schema, "oneOf", depth);
      if (oneOf != null) {
        checks.add(
            value -> {
              int matches = 0;
              for (Check branch : oneOf) {
                if (branch.test(value) && ++matches > 1) {
                  return false;
                }
              }
              return matches == 1;
            });
      }
      List<Check> anyOf = branches(schema, "anyOf", depth);
      if (anyOf != null) {
        checks.add(value -> anyOf.stream().anyMatch(branch -> branch.test(value)));
      }
      List<Check> allOf = branches(schema, "allOf", depth);
      if (allOf != null) {
        checks.add(all(allOf));
      }
      if (schema.containsKey("not")) {
        Check not = node(schema.getValue("not"), depth + 1);
        checks.add(value -> !not.test(value));
      }
    }

    private List<Check> branches(JsonObject schema, String keyword, int depth) {
      JsonArray raw = schema.getJsonArray(keyword);
      if (raw == null) {
        return null;
      }
      List<Check> out = new ArrayList<>();
      raw.forEach(branch -> out.add(node(branch, depth + 1)));
      return List.copyOf(out);
    }
  }

  private interface IntTest {
    boolean test(int comparison);
  }

  private static Check all(List<Check> checks) {
    Check[] array = checks.toArray(new Check[0]);
    return switch (array.length) {
      case 0 -> value -> true;
      case 1 -> array[0];
      default ->
          value -> {
            for (Check check : array) {
              if (!check.test(value)) {
                return false;
              }
            }
            return true;
          };
    };
  }

  private static Check type(Object declared) {
    Set<String> types = new HashSet<>();
    if (declared instanceof JsonArray many) {
      many.forEach(t -> types.add((String) t));
    } else {
      types.add((String) declared);
    }
    boolean nullable = types.contains("null");
    boolean bool = types.contains("boolean");
    boolean string = types.contains("string");
    boolean object = types.contains("object");
    boolean array = types.contains("array");
    boolean number = types.contains("number");
    boolean integer = types.contains("integer");
    return value -> {
      if (value == null) {
        return nullable;
      }
      if (value instanceof String) {
        return string;
      }
      if (value instanceof Boolean) {
        return bool;
      }
      if (value instanceof Number n) {
        return number || (integer && integral(n));
      }
      if (value instanceof JsonObject) {
        return object;
      }
      return value instanceof JsonArray && array;
    };
  }

  /** Whether a number is a whole number, as JSON Schema's {@code integer} means it. */
  static boolean integral(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return true;
    }
    if (n instanceof BigInteger) {
      return true;
    }
    if (n instanceof BigDecimal d) {
      return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }
    double d = n.doubleValue();
    return Double.isFinite(d) && d % 1 == 0;
  }

  /** JSON equality: numbers by value, the rest as Java values. */
  private static boolean same(Object expected, Object value) {
    if (expected instanceof Number a && value instanceof Number b) {
      return compare(a, b) == 0;
    }
    return Objects.equals(expected, value);
  }

  private static int compare(Number a, Number b) {
    if (a instanceof BigDecimal
        || b instanceof BigDecimal
        || a instanceof BigInteger
        || b instanceof BigInteger) {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
    }
    if (integral(a) && integral(b) && !(a instanceof Double) && !(b instanceof Double)) {
      return Long.compare(a.longValue(), b.longValue());
    }
    double x = a.doubleValue();
    double y = b.doubleValue();
    return x < y ? -1 : x > y ? 1 : 0;
  }
}
