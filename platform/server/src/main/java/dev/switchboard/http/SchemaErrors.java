package dev.switchboard.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a failed schema validation into one message that names the field and says what it should
 * be: {@code body.messages[0].role: 'robot' is not one of: system, developer, user, assistant,
 * tool}. The validator reports every keyword that failed, wrappers included ("property x does not
 * match"); this picks the first error that says what is wrong, and for alternatives ({@code oneOf})
 * the error of the alternative the value was closest to.
 */
final class SchemaErrors {

  /** Keywords whose failure says what is wrong; the others only say that something below failed. */
  private static final Set<String> SPECIFIC =
      Set.of(
          "type",
          "required",
          "enum",
          "const",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "multipleOf",
          "minLength",
          "maxLength",
          "pattern",
          "format",
          "minItems",
          "maxItems",
          "uniqueItems",
          "minProperties",
          "maxProperties",
          "additionalProperties",
          "oneOf",
          "anyOf",
          "not");

  /** The pattern the document uses for "not blank": some character that is not white space. */
  private static final String NOT_BLANK = "\\S";

  private SchemaErrors() {}

  /**
   * The 400 for a failed validation.
   *
   * @param result the validator's output (basic format)
   * @param instance the value that was validated
   * @param schema the schema it was validated against
   * @param where what the value is: {@code body}, {@code query.limit}, {@code path.name}
   * @param label the operation, {@code POST /v1/embeddings}
   */
  static FieldError describe(
      OutputUnit result, Object instance, JsonObject schema, String where, String label) {
    List<OutputUnit> errors = result.getErrors() == null ? List.of() : result.getErrors();
    for (OutputUnit error : errors) {
      if (specific(error) && !insideAlternative(error.getKeywordLocation(), "#")) {
        return new Reading(errors, instance, schema, where, label).render(error);
      }
    }
    return new FieldError(param(where, ""), where + ": is not valid");
  }

  private static boolean specific(OutputUnit error) {
    return error.getKeywordLocation() != null && SPECIFIC.contains(keyword(error));
  }

  private static String keyword(OutputUnit error) {
    String location = error.getKeywordLocation();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** Whether a keyword sits inside an alternative under {@code scope}: its error is not final. */
  private static boolean insideAlternative(String keywordLocation, String scope) {
    String rest = keywordLocation.substring(scope.length());
    return rest.contains("/oneOf/") || rest.contains("/anyOf/") || rest.contains("/not/");
  }

  /** The field for OpenAI's {@code param}: the path without {@code body.}, or the parameter. */
  private static String param(String where, String field) {
    if (where.equals("body")) {
      return field.isEmpty() ? null : field.startsWith(".") ? field.substring(1) : field;
    }
    return where.substring(where.indexOf('.') + 1) + field;
  }

  private record Reading(
      List<OutputUnit> errors, Object instance, JsonObject schema, String where, String label) {

    FieldError render(OutputUnit error) {
      String keyword = keyword(error);
      Object value = walk(instance, error.getInstanceLocation(), false);
      Object node = walk(schema, parent(error.getKeywordLocation()), true);
      JsonObject rule = node instanceof JsonObject o ? o : new JsonObject();
      String field = field(error.getInstanceLocation());
      String message;
      switch (keyword) {
        case "type" -> message = expected(rule.getValue("type"), value);
        case "required" -> {
          field += "." + missing(rule, value);
          message = "required";
        }
        case "enum" ->
            message =
                shown(value)
                    + " is not one of: "
                    + rule.getJsonArray("enum").stream()
                        .map(String::valueOf)
                        .collect(Collectors.joining(", "));
        case "const" -> message = "must be " + rule.getValue("const");
        case "minimum" -> message = "must be at least " + rule.getValue("minimum");
        case "maximum" -> message = "must be at most " + rule.getValue("maximum");
        case "exclusiveMinimum" ->
            message = "must be greater than " + rule.getValue("exclusiveMinimum");
        case "exclusiveMaximum" ->
            message = "must be less than " + rule.getValue("exclusiveMaximum");
        case "minLength" ->
            message =
                rule.getInteger("minLength") == 1
                    ? "must not be empty"
                    : "must be at least " + rule.getValue("minLength") + " characters long";
        case "maxLength" ->
            message = "must be at most " + rule.getValue("maxLength") + " characters long";
        case "minItems" ->
            message =
                rule.getInteger("minItems") == 1
                    ? "must not be empty"
                    : "must hold at least " + rule.getValue("minItems") + " items";
        case "maxItems" -> message = "must hold at most " + rule.getValue("maxItems") + " items";
        case "minProperties" ->
            message = "must have at least " + rule.getValue("minProperties") + " field(s)";
        case "pattern" ->
            message =
                NOT_BLANK.equals(rule.getValue("pattern"))
                    ? "must not be blank"
                    : "must match the pattern " + rule.getValue("pattern");
        case "format" ->
            message =
                "date-time".equals(rule.getValue("format"))
                    ? "must be a date-time such as 2026-01-31T12:00:00Z"
                    : "must be a valid " + rule.getValue("format");
        case "additionalProperties" -> message = "unknown field, not supported by " + label;
        case "oneOf", "anyOf" -> {
          return alternatives(error, keyword, rule, value, field);
        }
        default -> message = error.getError();
      }
      return new FieldError(param(where, field), where + field + ": " + message);
    }

    /**
     * Alternatives of required fields ("input" or "inputs") say so; otherwise the value is
     * explained by the alternative of its type, or by the types it could have had.
     */
    private FieldError alternatives(
        OutputUnit error, String keyword, JsonObject rule, Object value, String field) {
      JsonArray options = rule.getJsonArray(keyword);
      List<String> fields = new ArrayList<>();
      boolean onlyRequired = true;
      for (Object option : options) {
        if (option instanceof JsonObject o && o.containsKey("required")) {
          o.getJsonArray("required").forEach(f -> fields.add(String.valueOf(f)));
          onlyRequired &=
              o.fieldNames().stream()
                  .filter(JsonSchema.EXCLUDE_ANNOTATIONS)
                  .allMatch(k -> k.equals("required"));
        } else {
          onlyRequired = false;
        }
      }
      if (onlyRequired) {
        return new FieldError(
            param(where, field),
            where
                + field
                + ": give "
                + (keyword.equals("oneOf") ? "exactly one of " : "at least one of ")
                + String.join(", ", fields));
      }
      String scope = error.getKeywordLocation() + "/";
      for (OutputUnit inner : errors) {
        String location = inner.getKeywordLocation();
        if (location == null || !location.startsWith(scope) || !specific(inner)) {
          continue;
        }
        int slash = location.indexOf('/', scope.length());
        String branch = slash < 0 ? location : location.substring(0, slash);
        boolean deeper =
            inner.getInstanceLocation().length() > error.getInstanceLocation().length();
        if (!insideAlternative(location, branch) && (deeper || !keyword(inner).equals("type"))) {
          return render(inner);
        }
      }
      Set<Object> types = new LinkedHashSet<>();
      for (Object option : options) {
        if (option instanceof JsonObject o && o.getValue("type") != null) {
          Object type = o.getValue("type");
          if (type instanceof JsonArray many) {
            types.addAll(many.getList());
          } else {
            types.add(type);
          }
        }
      }
      return new FieldError(
          param(where, field),
          where + field + ": " + expected(new JsonArray(List.copyOf(types)), value));
    }

    /** The instance path as {@code .messages[0].role}, with indexes for arrays. */
    private String field(String pointer) {
      StringBuilder out = new StringBuilder();
      Object current = instance;
      for (String segment : segments(pointer)) {
        if (current instanceof JsonArray array) {
          out.append('[').append(segment).append(']');
          current = index(array, segment);
        } else {
          out.append('.').append(segment);
          current = current instanceof JsonObject o ? o.getValue(segment) : null;
        }
      }
      return out.toString();
    }

    private static String missing(JsonObject rule, Object value) {
      JsonArray required = rule.getJsonArray("required", new JsonArray());
      for (Object name : required) {
        if (!(value instanceof JsonObject o) || !o.containsKey(String.valueOf(name))) {
          return String.valueOf(name);
        }
      }
      return required.isEmpty() ? "?" : String.valueOf(required.getValue(0));
    }
  }

  private static String expected(Object type, Object value) {
    List<String> types =
        type instanceof JsonArray many
            ? many.stream().map(String::valueOf).toList()
            : List.of(String.valueOf(type));
    String last = types.get(types.size() - 1);
    String expected =
        types.size() == 1
            ? last
            : String.join(", ", types.subList(0, types.size() - 1)) + " or " + last;
    return "expected " + expected + ", got " + typeOf(value);
  }

  private static String shown(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }

  private static String typeOf(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      return "integer";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof String) {
      return "string";
    }
    return value instanceof JsonArray ? "array" : "object";
  }

  private static String parent(String pointer) {
    return pointer.substring(0, Math.max(1, pointer.lastIndexOf('/')));
  }

  /**
   * The value at a JSON pointer. In a schema a {@code $ref} segment stays on its object: the
   * resolved contract's objects read through their references.
   */
  private static Object walk(Object root, String pointer, boolean schema) {
    Object current = root;
    for (String segment : segments(pointer)) {
      if (schema && segment.equals("$ref") && current instanceof JsonObject) {
        continue;
      }
      if (current instanceof JsonObject o) {
        current = o.getValue(segment);
      } else if (current instanceof JsonArray a) {
        current = index(a, segment);
      } else {
        return null;
      }
    }
    return current;
  }

  private static Object index(JsonArray array, String segment) {
    try {
      int i = Integer.parseInt(segment);
      return i >= 0 && i < array.size() ? array.getValue(i) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The decoded segments of a JSON pointer such as {@code #/messages/0/content}. */
  private static List<String> segments(String pointer) {
    List<String> out = new ArrayList<>();
    if (pointer == null || pointer.length() <= 2) {
      return out;
    }
    for (String raw : pointer.substring(2).split("/", -1)) {
      String s = raw.replace("~1", "/").replace("~0", "~");
      try {
        s = URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        // not percent-encoded after all
      }
      out.add(s);
    }
    return out;
  }
}
