package dev.switchboard.http;

import dev.switchboard.routing.Uuid7;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is a UUID, else a new one.
 * It is echoed in the {@code X-Request-Id} response header and in every error body.
 */
public final class RequestIds {

  static final String HEADER = "X-Request-Id";
  private static final String KEY = "sb.requestId";

  private RequestIds() {}

  /** Assigns the id and echoes it; the first handler of every route. */
  public static void assign(RoutingContext ctx) {
    String id = ctx.request().getHeader(HEADER);
    if (id == null || !isUuid(id)) {
      id = Uuid7.next().toString();
    }
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }

  /** The request's id. */
  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "unassigned" : id;
  }

  private static boolean isUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    try {
      UUID.fromString(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
