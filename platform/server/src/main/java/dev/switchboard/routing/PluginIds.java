package dev.switchboard.routing;

/** The shape of a plugin id: it becomes part of event-bus addresses, file names and URLs. */
public final class PluginIds {

  /** Lowercase letters, digits, dot, dash and underscore; starts with a letter or digit. */
  public static final String PATTERN = "[a-z0-9][a-z0-9._-]{0,63}";

  private PluginIds() {}

  /** Whether {@code id} is a well-formed plugin id. */
  public static boolean isValid(String id) {
    return id != null && id.matches(PATTERN);
  }
}
