package dev.switchboard.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;

/**
 * CORS for the configured origins ({@code SWITCHBOARD_CORS_ORIGINS}), through vertx-web's {@link
 * CorsHandler}. Requests from other origins pass through untouched rather than failing: without
 * CORS headers the browser already keeps their responses from the page, and same-origin requests
 * (which browsers also label with {@code Origin}) must keep working when the list does not name the
 * server itself.
 */
final class Cors implements Handler<RoutingContext> {

  private final Set<String> origins;
  private final boolean anyOrigin;
  private final CorsHandler delegate;

  Cors(List<String> origins) {
    this.origins = Set.copyOf(origins);
    this.anyOrigin = origins.contains("*");
    CorsHandler handler =
        anyOrigin ? CorsHandler.create() : CorsHandler.create().addOrigins(origins);
    this.delegate =
        handler
            .allowedHeaders(Set.of("Authorization", "Content-Type", "X-Request-Id"))
            .exposedHeaders(Set.of("Retry-After", "X-Request-Id"))
            .allowedMethods(
                Set.of(
                    HttpMethod.GET,
                    HttpMethod.POST,
                    HttpMethod.PUT,
                    HttpMethod.PATCH,
                    HttpMethod.DELETE,
                    HttpMethod.OPTIONS))
            // Keys travel in a header, never in cookies: no credentials mode.
            .allowCredentials(false)
            .maxAgeSeconds(600);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin != null && (anyOrigin || origins.contains(origin))) {
      delegate.handle(ctx);
    } else {
      ctx.next();
    }
  }
}
