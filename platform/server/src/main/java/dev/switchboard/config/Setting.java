package dev.switchboard.config;

/** One configuration setting: its environment variable, flag, default and meaning. */
public enum Setting {
  HOST("SWITCHBOARD_HOST", "127.0.0.1", "Address the HTTP server binds to; 0.0.0.0 for all."),
  PORT("SWITCHBOARD_PORT", "8080", "HTTP port."),
  HOME("SWITCHBOARD_HOME", "~/.switchboard", "State folder: embedded database, plugins, models."),
  DATABASE_URL(
      "DATABASE_URL",
      null,
      "External PostgreSQL (postgresql://user:pass@host:port/db or jdbc:postgresql://...);"
          + " unset starts the embedded one under $SWITCHBOARD_HOME/pgdata."),
  PLUGINS_DIR("SWITCHBOARD_PLUGINS_DIR", "$SWITCHBOARD_HOME/plugins", "Installed plugins."),
  BUILTIN_PLUGINS_DIR(
      "SWITCHBOARD_BUILTIN_PLUGINS_DIR",
      "plugins/ beside switchboard.jar",
      "Built-in plugins shipped with the distribution."),
  MODELS_DIR("SWITCHBOARD_MODELS_DIR", "$SWITCHBOARD_HOME/models", "Model folders."),
  MAX_BODY_BYTES("SWITCHBOARD_MAX_BODY_BYTES", "10485760", "Largest request body (413 above)."),
  MAX_PLUGIN_BYTES(
      "SWITCHBOARD_MAX_PLUGIN_BYTES", "104857600", "Largest plugin upload (413 above)."),
  MAX_DOCUMENT_BYTES(
      "SWITCHBOARD_MAX_DOCUMENT_BYTES",
      "20971520",
      "Largest file uploaded into a collection (413 above)."),
  DEFAULT_TIMEOUT(
      "SWITCHBOARD_DEFAULT_TIMEOUT_MS", "60000", "Task deadline when the request sets none (ms)."),
  DRAIN_TIMEOUT(
      "SWITCHBOARD_DRAIN_TIMEOUT_MS",
      "10000",
      "How long disable, reload and shutdown wait for in-flight requests (ms)."),
  EVAL_LOG_SAMPLE_RATE(
      "SWITCHBOARD_EVAL_LOG_SAMPLE_RATE", "1.0", "Share of routed requests kept in the eval log."),
  LOG_FORMAT("SWITCHBOARD_LOG_FORMAT", "text", "text, or json for one JSON object per line."),
  RATE_LIMIT_RPS(
      "SWITCHBOARD_RATE_LIMIT_RPS",
      "20",
      "Requests per second each API key may make unless the key sets its own; 0 for no limit."),
  RATE_LIMIT_BURST(
      "SWITCHBOARD_RATE_LIMIT_BURST",
      "40",
      "Requests an API key may make at once before its rate applies (token bucket size)."),
  CORS_ORIGINS(
      "SWITCHBOARD_CORS_ORIGINS",
      null,
      "Comma-separated origins (https://app.example.com) whose pages may call the API; * for any;"
          + " unset sends no CORS headers."),
  ADMIN_PASSWORD(
      "SWITCHBOARD_ADMIN_PASSWORD",
      null,
      "Password of the admin UI's 'admin' user, set at every start; unset: one is generated at the"
          + " first start and printed once in the log.");

  private final String env;
  private final String defaultValue;
  private final String description;

  Setting(String env, String defaultValue, String description) {
    this.env = env;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The environment variable. */
  public String env() {
    return env;
  }

  /**
   * The command-line flag, derived from the variable: SWITCHBOARD_MAX_BODY_BYTES →
   * --max-body-bytes.
   */
  public String flag() {
    String name = env.startsWith("SWITCHBOARD_") ? env.substring("SWITCHBOARD_".length()) : env;
    return "--" + name.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** The default, as shown to people; null when unset by default. */
  public String defaultValue() {
    return defaultValue;
  }

  /** What the setting does. */
  public String description() {
    return description;
  }
}
