package dev.switchboard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and parses raw setting values; flags win over the environment. */
final class Settings {

  private final Map<String, String> env;
  private final Map<String, String> flags;

  Settings(Map<String, String> env, Map<String, String> flags) {
    this.env = env;
    this.flags = flags;
  }

  Optional<String> optional(Setting setting) {
    String value = flags.getOrDefault(setting.env(), env.get(setting.env()));
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  String string(Setting setting) {
    return optional(setting).orElse(setting.defaultValue());
  }

  int port(Setting setting) {
    long value = number(setting);
    if (value < 0 || value > 65535) {
      throw new ConfigException(setting.env() + " must be a port from 0 to 65535, got " + value);
    }
    return (int) value;
  }

  long bytes(Setting setting) {
    long value = number(setting);
    if (value < 1) {
      throw new ConfigException(setting.env() + " must be a positive number of bytes");
    }
    return value;
  }

  Duration duration(Setting setting) {
    long value = number(setting);
    if (value < 1) {
      throw new ConfigException(setting.env() + " must be a positive number of milliseconds");
    }
    return Duration.ofMillis(value);
  }

  double fraction(Setting setting) {
    String raw = string(setting);
    try {
      double value = Double.parseDouble(raw);
      if (!(value >= 0 && value <= 1)) {
        throw new ConfigException(setting.env() + " must be between 0 and 1, got " + raw);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(setting.env() + " must be a number between 0 and 1, got " + raw);
    }
  }

  String oneOf(Setting setting, String... allowed) {
    String value = string(setting);
    for (String candidate : allowed) {
      if (candidate.equals(value)) {
        return value;
      }
    }
    throw new ConfigException(
        setting.env() + " must be one of " + String.join(", ", allowed) + ", got " + value);
  }

  double rate(Setting setting) {
    String raw = string(setting);
    try {
      double value = Double.parseDouble(raw);
      if (!(value >= 0 && value <= 1_000_000)) {
        throw new ConfigException(setting.env() + " must be between 0 and 1000000, got " + raw);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(setting.env() + " must be a number, got " + raw);
    }
  }

  int count(Setting setting) {
    long value = number(setting);
    if (value < 1 || value > 1_000_000) {
      throw new ConfigException(setting.env() + " must be between 1 and 1000000, got " + value);
    }
    return (int) value;
  }

  /** Comma-separated origins: {@code *}, or {@code scheme://host[:port]} each. */
  List<String> origins(Setting setting) {
    List<String> origins = new ArrayList<>();
    for (String part : optional(setting).orElse("").split(",")) {
      String origin = part.trim();
      if (origin.isEmpty()) {
        continue;
      }
      if (!origin.equals("*") && !origin.matches("https?://[^/\\s?#]+")) {
        throw new ConfigException(
            setting.env()
                + " takes origins like https://app.example.com (scheme, host, optional port, no"
                + " path) or *, got "
                + origin);
      }
      origins.add(origin);
    }
    return List.copyOf(origins);
  }

  Path path(Setting setting) {
    return expandHome(string(setting));
  }

  Optional<Path> optionalPath(Setting setting) {
    return optional(setting).map(Settings::expandHome);
  }

  private long number(Setting setting) {
    String raw = string(setting);
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new ConfigException(setting.env() + " must be a whole number, got " + raw);
    }
  }

  private static Path expandHome(String raw) {
    if (raw.equals("~") || raw.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + raw.substring(1)).toAbsolutePath();
    }
    return Path.of(raw).toAbsolutePath();
  }
}
