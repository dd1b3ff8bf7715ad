package dev.switchboard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's typed configuration. Every setting comes from an environment variable and may be
 * overridden by a command-line flag of the same name ({@code SWITCHBOARD_PORT} ↔ {@code --port}).
 *
 * @param host the address the HTTP server binds to
 * @param port the HTTP port
 * @param home the state folder: embedded database, plugins, models
 * @param databaseUrl an external PostgreSQL, or empty for the embedded one
 * @param pluginsDir where uploaded and hand-installed plugins live
 * @param builtinPluginsDir where the distribution's built-in plugins live, if anywhere
 * @param modelsDir where model folders live
 * @param maxBodyBytes the largest request body accepted
 * @param maxPluginBytes the largest plugin upload accepted
 * @param maxDocumentBytes the largest file accepted into a collection
 * @param defaultTimeout the deadline of a task when the caller sets none
 * @param drainTimeout how long disable, reload and shutdown wait for in-flight requests
 * @param evalLogSampleRate the share of routed requests written to the eval log, 0 to 1
 * @param logFormat {@code text} or {@code json}
 * @param rateLimitRps requests per second per API key unless the key sets its own; 0 for none
 * @param rateLimitBurst the token bucket size of that default limit
 * @param corsOrigins origins whose pages may call the API ({@code *} for any); empty for no CORS
 * @param adminPassword the admin UI password to set at start, or empty to keep (or generate) one
 */
public record SwitchboardConfig(
    String host,
    int port,
    Path home,
    Optional<String> databaseUrl,
    Path pluginsDir,
    Optional<Path> builtinPluginsDir,
    Path modelsDir,
    long maxBodyBytes,
    long maxPluginBytes,
    long maxDocumentBytes,
    Duration defaultTimeout,
    Duration drainTimeout,
    double evalLogSampleRate,
    String logFormat,
    double rateLimitRps,
    int rateLimitBurst,
    List<String> corsOrigins,
    Optional<Secret> adminPassword) {

  /** The settings, their environment variables and defaults, in the order the README lists them. */
  public static final Setting[] SETTINGS = Setting.values();

  /**
   * Reads the configuration from the environment and flags; flags win.
   *
   * @param env the environment, usually {@code System.getenv()}
   * @param flags flags already parsed into {@code NAME → value}, keyed by environment variable
   * @return the configuration
   * @throws ConfigException when a value is malformed
   */
  public static SwitchboardConfig from(Map<String, String> env, Map<String, String> flags) {
    Settings s = new Settings(env, flags);
    Path home = s.path(Setting.HOME);
    return new SwitchboardConfig(
        s.string(Setting.HOST),
        s.port(Setting.PORT),
        home,
        s.optional(Setting.DATABASE_URL),
        s.optionalPath(Setting.PLUGINS_DIR).orElse(home.resolve("plugins")),
        s.optionalPath(Setting.BUILTIN_PLUGINS_DIR).or(SwitchboardConfig::distributionPlugins),
        s.optionalPath(Setting.MODELS_DIR).orElse(home.resolve("models")),
        s.bytes(Setting.MAX_BODY_BYTES),
        s.bytes(Setting.MAX_PLUGIN_BYTES),
        s.bytes(Setting.MAX_DOCUMENT_BYTES),
        s.duration(Setting.DEFAULT_TIMEOUT),
        s.duration(Setting.DRAIN_TIMEOUT),
        s.fraction(Setting.EVAL_LOG_SAMPLE_RATE),
        s.oneOf(Setting.LOG_FORMAT, "text", "json"),
        s.rate(Setting.RATE_LIMIT_RPS),
        s.count(Setting.RATE_LIMIT_BURST),
        s.origins(Setting.CORS_ORIGINS),
        s.optional(Setting.ADMIN_PASSWORD).filter(p -> !p.isEmpty()).map(Secret::new));
  }

  /** A copy listening on another port. */
  public SwitchboardConfig withPort(int newPort) {
    return new SwitchboardConfig(
        host,
        newPort,
        home,
        databaseUrl,
        pluginsDir,
        builtinPluginsDir,
        modelsDir,
        maxBodyBytes,
        maxPluginBytes,
        maxDocumentBytes,
        defaultTimeout,
        drainTimeout,
        evalLogSampleRate,
        logFormat,
        rateLimitRps,
        rateLimitBurst,
        corsOrigins,
        adminPassword);
  }

  /**
   * Whether requests may skip authentication: no API keys exist and the server only listens on
   * loopback.
   *
   * @return true when bound to a loopback address
   */
  public boolean boundToLoopback() {
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
  }

  /** The distribution layout puts built-in plugins in {@code plugins/} beside switchboard.jar. */
  private static Optional<Path> distributionPlugins() {
    try {
      var source = SwitchboardConfig.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      Path location = Path.of(source.getLocation().toURI());
      if (location.toString().endsWith(".jar")) {
        Path plugins = location.getParent().resolve("plugins");
        return java.nio.file.Files.isDirectory(plugins) ? Optional.of(plugins) : Optional.empty();
      }
      return Optional.empty();
    } catch (java.net.URISyntaxException | SecurityException e) {
      return Optional.empty();
    }
  }
}
