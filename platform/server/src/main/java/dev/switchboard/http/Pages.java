package dev.switchboard.http;

import io.vertx.ext.web.RoutingContext;

/** The {@code ?limit=} of keyset-paginated lists, which the spec bounds (1 to 500). */
final class Pages {

  static final int DEFAULT_LIMIT = 50;

  private Pages() {}

  static int limit(RoutingContext ctx) {
    String raw = ctx.queryParams().get("limit");
    return raw == null || raw.isEmpty() ? DEFAULT_LIMIT : Integer.parseInt(raw);
  }
}
