package dev.switchboard.auth;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.db.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.security.SecureRandom;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication for the HTTP API: API keys (cached in memory, refreshed on every change), scopes,
 * per-key rate limits, CORS, dev mode, and the admin UI's sessions (cookie + CSRF token). One
 * instance serves every HTTP verticle.
 */
public final class AuthService {

  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);

  private final SwitchboardConfig config;
  private final KeyRing keys;
  private final KeyChangeListener listener;
  private final DevMode devMode;
  private final RateLimiter limiter;
  private final KeyUsage usage;
  private final ApiKeys apiKeys;
  private final AdminSessions sessions;

  private AuthService(Vertx vertx, Database database, SwitchboardConfig config) {
    this.config = config;
    ApiKeyStore store = new ApiKeyStore(database.pool());
    this.limiter = new RateLimiter(new RateLimit(config.rateLimitRps(), config.rateLimitBurst()));
    this.keys = new KeyRing(store, limiter::retain);
    this.listener = new KeyChangeListener(vertx, database.endpoint().connectOptions(), keys);
    this.devMode = new DevMode(config.boundToLoopback(), keys, Set.copyOf(config.corsOrigins()));
    this.usage = new KeyUsage(store);
    this.apiKeys = new ApiKeys(store, new SecureRandom(), keys::refresh);
    this.sessions = new AdminSessions(vertx, database.pool(), new SecureRandom());
  }

  /**
   * Loads the valid keys, makes sure the admin UI's user exists and starts listening for changes.
   *
   * @return the service once requests can be authenticated
   */
  public static Future<AuthService> start(
      Vertx vertx, Database database, SwitchboardConfig config) {
    AuthService auth = new AuthService(vertx, database, config);
    return auth.keys
        .refresh()
        .compose(x -> auth.sessions.bootstrap(config.adminPassword()))
        .compose(x -> auth.listener.start())
        .map(auth);
  }

  /**
   * Mounts CORS (when origins are configured) and the authentication handler on every route; call
   * right after request ids, before anything reads the body.
   */
  public void mountGuards(Router router) {
    if (!config.corsOrigins().isEmpty()) {
      router.route().handler(new Cors(config.corsOrigins()));
    }
    router.route().handler(new AuthHandler(keys, devMode, limiter, usage, sessions));
  }

  /** Mounts the admin API for keys and the admin UI's login; call after the body handler. */
  public void mountAdmin(Router router) {
    new ApiKeyHandlers(apiKeys).mount(router);
    new SessionHandlers(sessions).mount(router);
  }

  /** Says at start-up how requests are authenticated, loudly when none can get in. */
  public void announce() {
    if (!keys.isEmpty()) {
      LOG.atInfo()
          .addKeyValue("keys", keys.size())
          .log("API keys required: every /api and /v1 request needs 'Authorization: Bearer <key>'");
    } else if (devMode.active()) {
      LOG.warn(
          "dev mode: no API keys exist and the server is bound to loopback ({}), so requests"
              + " from this machine are not authenticated; dev mode ends when the first key is"
              + " created (switchboard keys create --scopes ..., or POST /api/v1/keys)",
          config.host());
    } else {
      LOG.warn(
          "NO API KEYS: the server is bound to {} and no API key exists, so EVERY API REQUEST WILL"
              + " BE REFUSED (401) until a key is created: run 'switchboard keys create --scopes"
              + " admin,chat,embed,classify,retrieve' with the same SWITCHBOARD_HOME or"
              + " DATABASE_URL",
          config.host());
    }
  }

  /** Whether dev mode is on now. */
  public boolean devMode() {
    return devMode.active();
  }

  /** Stops listening for changes. */
  public Future<Void> close() {
    return listener.close();
  }
}
