package dev.switchboard.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web UIs, static files from the {@code switchboard-admin-ui} jar: {@code /} the chat
 * interface, {@code /admin} the admin interface, their own files under {@code /ui/} and the
 * front-end libraries (WebJars) under {@code /webjars/}. Both UIs are clients of the API; their
 * files need no key.
 */
final class WebUi {

  /** Where the UIs' own files sit on the classpath. */
  static final String UI_ROOT = "META-INF/resources/switchboard";

  /** Where WebJars put their files on the classpath. */
  static final String WEBJARS_ROOT = "META-INF/resources/webjars";

  /**
   * No inline script or style, nothing from elsewhere, no framing. {@code 'unsafe-eval'} is the one
   * allowance: Alpine.js evaluates its attribute expressions with {@code new Function}, and its CSP
   * build ({@code @alpinejs/csp}) has no WebJar on Maven Central. Model output cannot use it: it is
   * sanitised by DOMPurify (which drops Alpine's attributes) and rendered under {@code x-ignore},
   * where Alpine never looks.
   */
  static final String CONTENT_SECURITY_POLICY =
      String.join(
          "; ",
          "default-src 'none'",
          "script-src 'self' 'unsafe-eval'",
          "style-src 'self'",
          "img-src 'self' data:",
          "font-src 'self'",
          "connect-src 'self'",
          "manifest-src 'self'",
          "base-uri 'none'",
          "form-action 'none'",
          "frame-ancestors 'none'");

  /** WebJar paths carry their version, so their files never change. */
  private static final long WEBJAR_MAX_AGE_SECONDS = 365L * 24 * 3600;

  private WebUi() {}

  static void mount(Router router) {
    router.get("/").handler(ctx -> ctx.reroute("/ui/chat/index.html"));
    router.get("/admin").handler(ctx -> ctx.reroute("/ui/admin/index.html"));
    router
        .route("/ui/*")
        .handler(WebUi::securityHeaders)
        // The UIs' files change with each release under the same names: always revalidate
        // (Last-Modified makes that a 304).
        .handler(WebUi::revalidate)
        .handler(StaticHandler.create(UI_ROOT).setDirectoryListing(false).setIncludeHidden(false));
    router
        .route("/webjars/*")
        .handler(WebUi::securityHeaders)
        .handler(
            StaticHandler.create(WEBJARS_ROOT)
                .setDirectoryListing(false)
                .setIncludeHidden(false)
                .setMaxAgeSeconds(WEBJAR_MAX_AGE_SECONDS));
  }

  private static void securityHeaders(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers
        .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "no-referrer")
        .set("X-Frame-Options", "DENY");
    ctx.next();
  }

  private static void revalidate(RoutingContext ctx) {
    ctx.addHeadersEndHandler(
        v -> {
          if (ctx.response().getStatusCode() < 400) {
            ctx.response().headers().set("Cache-Control", "no-cache");
          }
        });
    ctx.next();
  }
}
