package dev.switchboard.http;

import dev.switchboard.api.TaskException;
import io.vertx.ext.web.RoutingContext;

/** The {@code ?limit=} of keyset-paginated lists. */
final class Pages {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private Pages() {}

  static int limit(RoutingContext ctx) {
    String raw = ctx.queryParams().get("limit");
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new NumberFormatException();
      }
      return limit;
    } catch (NumberFormatException e) {
      throw TaskException.invalid("'limit' must be a whole number from 1 to " + MAX_LIMIT);
    }
  }
}
