package dev.switchboard.auth;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.http.ApiErrors;
import dev.switchboard.http.Bodies;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The admin UI's login: {@code POST /api/v1/session} {@code {"username","password"}} opens a
 * session (cookie) and answers the CSRF token; {@code GET /api/v1/session} answers who is logged in
 * ({@code {"user":null}} when nobody); {@code DELETE /api/v1/session} logs out (CSRF token
 * required). These paths need no API key: they are how a browser gets its credentials.
 */
final class SessionHandlers {

  /** Where the cookie is sent: the API only, never the pages or {@code /v1}. */
  static final String COOKIE_PATH = "/api/";

  private final AdminSessions sessions;
  private final LoginThrottle throttle = new LoginThrottle();

  SessionHandlers(AdminSessions sessions) {
    this.sessions = sessions;
  }

  void mount(Router router) {
    router.post("/api/v1/session").handler(this::login);
    router.get("/api/v1/session").handler(this::current);
    router.delete("/api/v1/session").handler(this::logout);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String user = body.getString("username");
    String username = user == null || user.isBlank() ? AdminSessions.ADMIN : user.strip();
    String password = body.getString("password");
    long wait = throttle.waitNanos(username, System.nanoTime());
    if (wait > 0) {
      long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
      ctx.response().putHeader("Retry-After", String.valueOf(seconds));
      ApiErrors.send(
          ctx,
          new TaskException(
              ErrorCode.RATE_LIMITED,
              "too many failed logins for this user; retry in " + seconds + " s"));
      return;
    }
    sessions
        .login(username, password)
        .onSuccess(
            issued -> {
              if (issued.isEmpty()) {
                throttle.failed(username, System.nanoTime());
                ApiErrors.send(
                    ctx,
                    new TaskException(ErrorCode.UNAUTHENTICATED, "wrong user name or password"));
                return;
              }
              throttle.succeeded(username);
              ctx.response()
                  .addCookie(cookie(ctx, issued.get().token()))
                  .putHeader("Cache-Control", "no-store");
              ctx.json(toJson(issued.get().session()));
            })
        .onFailure(ctx::fail);
  }

  private void current(RoutingContext ctx) {
    sessions
        .find(token(ctx))
        .onSuccess(
            found -> {
              ctx.response().putHeader("Cache-Control", "no-store");
              ctx.json(found.isEmpty() ? new JsonObject().putNull("user") : toJson(found.get()));
            })
        .onFailure(ctx::fail);
  }

  private void logout(RoutingContext ctx) {
    String token = token(ctx);
    sessions
        .find(token)
        .onSuccess(
            found -> {
              if (found.isPresent()
                  && !csrfMatches(
                      found.get(), ctx.request().getHeader(AdminSessions.CSRF_HEADER))) {
                ApiErrors.send(ctx, csrfFailure());
                return;
              }
              (found.isPresent()
                      ? sessions.logout(token)
                      : io.vertx.core.Future.<Void>succeededFuture())
                  .onSuccess(
                      x -> {
                        Cookie gone = cookie(ctx, "").setMaxAge(0);
                        ctx.response().addCookie(gone).setStatusCode(204).end();
                      })
                  .onFailure(ctx::fail);
            })
        .onFailure(ctx::fail);
  }

  static String token(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(AdminSessions.COOKIE);
    return c == null ? null : c.getValue();
  }

  /** Constant-time comparison of the presented CSRF token with the session's. */
  static boolean csrfMatches(AdminSessions.Session session, String presented) {
    return presented != null
        && MessageDigest.isEqual(
            session.csrfToken().getBytes(StandardCharsets.UTF_8),
            presented.getBytes(StandardCharsets.UTF_8));
  }

  static TaskException csrfFailure() {
    return new TaskException(
        ErrorCode.FORBIDDEN,
        "this request changes state with a session cookie but without the session's CSRF token in "
            + AdminSessions.CSRF_HEADER);
  }

  private static Cookie cookie(RoutingContext ctx, String value) {
    boolean https =
        ctx.request().isSSL()
            || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
    return Cookie.cookie(AdminSessions.COOKIE, value)
        .setPath(COOKIE_PATH)
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(https);
  }

  private static JsonObject toJson(AdminSessions.Session session) {
    return new JsonObject()
        .put("user", session.user())
        .put("role", session.role())
        .put("csrfToken", session.csrfToken());
  }
}
