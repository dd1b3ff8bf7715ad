package dev.switchboard.auth;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.Principal;
import dev.switchboard.api.TaskException;
import dev.switchboard.http.ApiErrors;
import dev.switchboard.http.Principals;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates and authorises every API request before anything else reads it: resolves the
 * principal from {@code Authorization: Bearer <key>} (or dev mode), checks the path's scope and the
 * key's rate limit. Synchronous: the valid keys are in memory. Without an Authorization header, an
 * admin UI session cookie authenticates a read, and a state-changing request when it also carries
 * the session's CSRF token ({@code X-CSRF-Token}); a cookie alone never changes anything. Sessions
 * are looked up in the database, so that path pauses the request until the answer.
 */
final class AuthHandler implements Handler<RoutingContext> {

  /** Dev mode's caller: no key, every scope. */
  static final Principal DEV = new Principal("anonymous", null, Scope.all());

  private static final String BEARER = "bearer ";

  private static final Set<HttpMethod> SAFE_METHODS =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final KeyRing keys;
  private final DevMode devMode;
  private final RateLimiter limiter;
  private final KeyUsage usage;
  private final AdminSessions sessions;

  AuthHandler(
      KeyRing keys, DevMode devMode, RateLimiter limiter, KeyUsage usage, AdminSessions sessions) {
    this.keys = keys;
    this.devMode = devMode;
    this.limiter = limiter;
    this.usage = usage;
    this.sessions = sessions;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Access access = RouteAccess.of(ctx.normalizedPath());
    if (access.open()) {
      ctx.next();
      return;
    }
    String token =
        ctx.request().getHeader("Authorization") == null ? SessionHandlers.token(ctx) : null;
    boolean safe = SAFE_METHODS.contains(ctx.request().method());
    if (token != null && (safe || ctx.request().getHeader(AdminSessions.CSRF_HEADER) != null)) {
      withSession(ctx, access, token, safe);
      return;
    }
    authenticate(ctx, access);
  }

  private void withSession(RoutingContext ctx, Access access, String token, boolean safe) {
    HttpServerRequest request = ctx.request();
    request.pause();
    sessions
        .find(token)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
              }
              if (ar.result().isEmpty()) {
                // An expired or unknown session grants nothing; the request goes on as if the
                // cookie were absent.
                authenticate(ctx, access);
                return;
              }
              AdminSessions.Session session = ar.result().get();
              if (!safe
                  && !SessionHandlers.csrfMatches(
                      session, request.getHeader(AdminSessions.CSRF_HEADER))) {
                ApiErrors.send(ctx, SessionHandlers.csrfFailure());
                return;
              }
              Principal principal = session.principal();
              if (access.scope() != null
                  && !principal.scopes().contains(access.scope().wireName())) {
                ApiErrors.send(
                    ctx,
                    new TaskException(
                        ErrorCode.FORBIDDEN,
                        "user '" + session.user() + "' may not use " + ctx.normalizedPath()));
                return;
              }
              ctx.put(Principals.KEY, principal);
              ctx.next();
            });
  }

  private void authenticate(RoutingContext ctx, Access access) {
    // Dev mode ignores any key sent: OpenAI SDKs insist on sending one, usually a placeholder.
    if (devMode.admits(ctx.request())) {
      ctx.put(Principals.KEY, DEV);
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null) {
      unauthenticated(ctx, missingKeyMessage());
      return;
    }
    if (header.length() <= BEARER.length()
        || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      unauthenticated(ctx, "the Authorization header must be 'Bearer <api key>'");
      return;
    }
    Optional<ApiKey> found = keys.find(header.substring(BEARER.length()).trim());
    if (found.isEmpty()) {
      unauthenticated(ctx, "the API key is not valid: unknown, malformed or revoked");
      return;
    }
    ApiKey key = found.get();
    if (access.scope() != null && !key.allows(access.scope())) {
      ApiErrors.send(
          ctx,
          new TaskException(
              ErrorCode.FORBIDDEN,
              "this API key lacks the '"
                  + access.scope().wireName()
                  + "' scope that "
                  + ctx.request().method()
                  + " "
                  + ctx.normalizedPath()
                  + " needs"));
      return;
    }
    long waitNanos = limiter.take(key, System.nanoTime());
    if (waitNanos > 0) {
      long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
      RateLimit limit = limiter.limitOf(key);
      ctx.response().putHeader("Retry-After", String.valueOf(seconds));
      ApiErrors.send(
          ctx,
          new TaskException(
              ErrorCode.RATE_LIMITED,
              "this API key is over its rate limit ("
                  + limit.rps()
                  + " requests/s, burst "
                  + limit.burst()
                  + "); retry in "
                  + seconds
                  + " s"));
      return;
    }
    usage.touch(key.id());
    ctx.put(Principals.KEY, new Principal(key.name(), key.id(), Scope.names(key.scopes())));
    ctx.next();
  }

  private String missingKeyMessage() {
    if (keys.isEmpty() && !devMode.active()) {
      return "no API keys exist yet and the server is not bound to loopback, so every request is"
          + " refused: create a key with 'switchboard keys create --scopes ...'";
    }
    if (devMode.active()) {
      return "dev mode admits only requests from this machine, not cross-origin browser requests;"
          + " send 'Authorization: Bearer <api key>'";
    }
    return "an API key is required: send 'Authorization: Bearer <api key>'";
  }

  private static void unauthenticated(RoutingContext ctx, String message) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    ApiErrors.send(ctx, new TaskException(ErrorCode.UNAUTHENTICATED, message));
  }
}
