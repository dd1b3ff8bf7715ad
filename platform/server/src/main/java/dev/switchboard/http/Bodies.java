package dev.switchboard.http;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The JSON body of a request, as {@link RequestValidation} parsed it and checked it against the
 * operation's schema in {@code openapi.yaml}: handlers read fields without checking their types.
 */
public final class Bodies {

  private static final String KEY = "sb.body";

  private Bodies() {}

  static void keep(RoutingContext ctx, JsonObject body) {
    ctx.put(KEY, body);
  }

  /** The body, which the operation's spec requires. */
  public static JsonObject object(RoutingContext ctx) {
    JsonObject body = ctx.get(KEY);
    if (body == null) {
      throw TaskException.invalid("a JSON object body is required");
    }
    return body;
  }

  /** The body, or an empty object when the request has none (the spec makes it optional). */
  static JsonObject optional(RoutingContext ctx) {
    JsonObject body = ctx.get(KEY);
    return body == null ? new JsonObject() : body;
  }
}
