package dev.switchboard.http;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads and type-checks JSON request bodies, failing with a 400 that names the field. */
public final class Bodies {

  private Bodies() {}

  /** The body as a JSON object. */
  public static JsonObject object(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      throw TaskException.invalid("a JSON object body is required");
    }
    Object value;
    try {
      value = ctx.body().buffer().toJsonValue();
    } catch (DecodeException e) {
      throw TaskException.invalid("the body is not valid JSON");
    }
    if (!(value instanceof JsonObject json)) {
      throw TaskException.invalid("the body must be a JSON object");
    }
    return json;
  }

  /** An optional string field. */
  public static String optString(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw TaskException.invalid("'" + field + "' must be a string");
    }
    return (String) value;
  }

  /** A required non-blank string field. */
  public static String string(JsonObject json, String field) {
    String value = optString(json, field);
    if (value == null || value.isBlank()) {
      throw TaskException.invalid("'" + field + "' is required");
    }
    return value;
  }

  /** An optional object field. */
  public static JsonObject optObject(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof JsonObject)) {
      throw TaskException.invalid("'" + field + "' must be an object");
    }
    return (JsonObject) value;
  }

  /** An optional array field. */
  public static JsonArray optArray(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof JsonArray)) {
      throw TaskException.invalid("'" + field + "' must be an array");
    }
    return (JsonArray) value;
  }

  /** An optional boolean field. */
  public static boolean optBoolean(JsonObject json, String field, boolean fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw TaskException.invalid("'" + field + "' must be a boolean");
    }
    return b;
  }

  /** An optional whole-number field within bounds. */
  public static Long optLong(JsonObject json, String field, long min, long max) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw TaskException.invalid("'" + field + "' must be a whole number");
    }
    long v = n.longValue();
    if (v < min || v > max) {
      throw TaskException.invalid("'" + field + "' must be between " + min + " and " + max);
    }
    return v;
  }
}
