package dev.switchboard.config;

/** A configuration value is malformed; the message names the variable and what is expected. */
public class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
