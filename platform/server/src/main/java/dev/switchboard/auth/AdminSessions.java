package dev.switchboard.auth;

import dev.switchboard.api.Principal;
import dev.switchboard.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin UI users and their sessions ({@code users}, {@code sessions}). A session is a random token
 * in an HttpOnly cookie, stored as its SHA-256, with a synchronizer CSRF token; it ends after
 * {@link #IDLE} without use, {@link #ABSOLUTE} after login, at logout, or when the password is
 * reset. Password hashing runs on worker threads.
 */
final class AdminSessions {

  private static final Logger LOG = LoggerFactory.getLogger(AdminSessions.class);

  /** The cookie that carries the session token. */
  static final String COOKIE = "sb_session";

  /** The header that must echo the session's CSRF token on every state-changing request. */
  static final String CSRF_HEADER = "X-CSRF-Token";

  /** The user the server creates (and whose password it sets) at start. */
  static final String ADMIN = "admin";

  static final Duration IDLE = Duration.ofHours(12);
  static final Duration ABSOLUTE = Duration.ofDays(7);

  private static final HexFormat HEX = HexFormat.of();
  private static final Base64.Encoder TOKEN = Base64.getUrlEncoder().withoutPadding();

  /** Compared against when the user does not exist, so that both paths take as long. */
  private static final String DECOY_HASH =
      "pbkdf2-sha256$" + PasswordHash.ITERATIONS + "$AAAAAAAAAAAAAAAAAAAAAA$" + "A".repeat(43);

  private final Vertx vertx;
  private final Pool pool;
  private final SecureRandom random;

  AdminSessions(Vertx vertx, Pool pool, SecureRandom random) {
    this.vertx = vertx;
    this.pool = pool;
    this.random = random;
  }

  /** A live session. */
  record Session(String user, String role, String csrfToken) {

    /** The principal its requests act as: an admin has every scope. */
    Principal principal() {
      return new Principal(
          "user:" + user, null, role.equals("admin") ? Scope.all() : List.<String>of());
    }
  }

  /** A new session: the cookie's token (shown to the browser only) and the session. */
  record Issued(String token, Session session) {
    @Override
    public String toString() {
      return "Issued[" + session + "]";
    }
  }

  /**
   * Makes sure the admin user exists: with {@code password} when given (reset at every start, which
   * also ends that user's sessions when it changed); otherwise, on the very first start, with a
   * generated password that is logged once.
   */
  Future<Void> bootstrap(Optional<Secret> password) {
    if (password.isPresent()) {
      String wanted = password.get().value();
      return pool.preparedQuery("SELECT password_hash FROM users WHERE username = $1")
          .execute(Tuple.of(ADMIN))
          .compose(
              rows -> {
                String stored =
                    rows.size() == 0 ? null : rows.iterator().next().getString("password_hash");
                return vertx
                    .executeBlocking(
                        () ->
                            PasswordHash.verify(wanted, stored)
                                ? null
                                : PasswordHash.hash(wanted, random))
                    .compose(hash -> hash == null ? Future.succeededFuture() : setAdmin(hash));
              });
    }
    return pool.query("SELECT count(*) AS n FROM users")
        .execute()
        .compose(
            rows -> {
              if (rows.iterator().next().getLong("n") > 0) {
                return Future.succeededFuture();
              }
              String generated = PasswordHash.generate(random);
              return vertx
                  .executeBlocking(() -> PasswordHash.hash(generated, random))
                  .compose(
                      hash ->
                          pool.preparedQuery(
                                  "INSERT INTO users (username, password_hash, role)"
                                      + " VALUES ($1, $2, 'admin') ON CONFLICT (username) DO"
                                      + " NOTHING RETURNING id")
                              .execute(Tuple.of(ADMIN, hash)))
                  .map(
                      inserted -> {
                        if (inserted.size() > 0) {
                          LOG.warn(
                              "admin UI: created user '{}' with the generated password {} — it is"
                                  + " shown only this once; set SWITCHBOARD_ADMIN_PASSWORD to"
                                  + " choose another",
                              ADMIN,
                              generated);
                        }
                        return null;
                      });
            });
  }

  private Future<Void> setAdmin(String hash) {
    return pool.preparedQuery(
            "WITH u AS (INSERT INTO users (username, password_hash, role) VALUES ($1, $2, 'admin')"
                + " ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash,"
                + " role = 'admin' RETURNING id)"
                + " DELETE FROM sessions WHERE user_id IN (SELECT id FROM u)")
        .execute(Tuple.of(ADMIN, hash))
        .onSuccess(x -> LOG.info("admin UI: password of user '{}' set from the settings", ADMIN))
        .mapEmpty();
  }

  /** Checks the password and opens a session; empty when the name or password is wrong. */
  Future<Optional<Issued>> login(String username, String password) {
    return pool.preparedQuery("SELECT id, password_hash, role FROM users WHERE username = $1")
        .execute(Tuple.of(username))
        .compose(
            rows -> {
              Row user = rows.size() == 0 ? null : rows.iterator().next();
              String stored = user == null ? DECOY_HASH : user.getString("password_hash");
              return vertx
                  .executeBlocking(() -> PasswordHash.verify(password, stored))
                  .compose(
                      ok ->
                          ok && user != null
                              ? open(user, username).map(Optional::of)
                              : Future.succeededFuture(Optional.<Issued>empty()));
            });
  }

  private Future<Issued> open(Row user, String username) {
    String token = newToken();
    String csrf = newToken();
    Session session = new Session(username, user.getString("role"), csrf);
    return pool.preparedQuery(
            "WITH gone AS (DELETE FROM sessions WHERE last_seen_at < now() - make_interval(secs =>"
                + " $4) OR created_at < now() - make_interval(secs => $5)),"
                + " a AS (INSERT INTO audit_log (actor, action, target) VALUES ($6, 'session.login',"
                + " $2::text))"
                + " INSERT INTO sessions (token_hash, user_id, csrf_token) VALUES ($1, $2, $3)")
        .execute(
            Tuple.of(
                hash(token),
                user.getUUID("id"),
                csrf,
                (double) IDLE.toSeconds(),
                (double) ABSOLUTE.toSeconds(),
                "user:" + username))
        .map(x -> new Issued(token, session));
  }

  /** The live session of a cookie token, marking it used; empty when unknown or expired. */
  Future<Optional<Session>> find(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery(
            "UPDATE sessions s SET last_seen_at = now() FROM users u WHERE s.token_hash = $1 AND"
                + " u.id = s.user_id AND s.last_seen_at > now() - make_interval(secs => $2) AND"
                + " s.created_at > now() - make_interval(secs => $3)"
                + " RETURNING u.username, u.role, s.csrf_token")
        .execute(Tuple.of(hash(token), (double) IDLE.toSeconds(), (double) ABSOLUTE.toSeconds()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(
                  new Session(
                      r.getString("username"), r.getString("role"), r.getString("csrf_token")));
            });
  }

  /** Ends a session (a no-op for an unknown token). */
  Future<Void> logout(String token) {
    return pool.preparedQuery("DELETE FROM sessions WHERE token_hash = $1")
        .execute(Tuple.of(hash(token)))
        .mapEmpty();
  }

  private String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return TOKEN.encodeToString(bytes);
  }

  private static String hash(String token) {
    return HEX.formatHex(KeyMaterial.digest(token));
  }
}
