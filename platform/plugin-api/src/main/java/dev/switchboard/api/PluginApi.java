package dev.switchboard.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about the plugin API itself, such as the version plugins declare in Plugin-Requires. */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public final class PluginApi {

  /** The semantic version of this plugin API, as plugins name it in {@code Plugin-Requires}. */
  public static final String VERSION = readVersion();

  /** The version of the task envelope and of the JSON form of every record. */
  public static final int SCHEMA_VERSION = 1;

  private PluginApi() {}

  private static String readVersion() {
    try (InputStream in = PluginApi.class.getResourceAsStream("plugin-api.properties")) {
      Properties props = new Properties();
      if (in != null) {
        props.load(in);
      }
      return props.getProperty("version", "0.0.0");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
