package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Setting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line arguments: leading words are the command ({@code models pull x}); {@code --name
 * value} or {@code --name=value} flags set configuration (keyed by their environment variable) or
 * command options.
 *
 * @param words the command and its positional arguments
 * @param settings configuration flags, keyed by environment variable
 * @param options other flags, keyed by name without dashes
 */
public record Flags(List<String> words, Map<String, String> settings, Map<String, String> options) {

  /** Parses arguments. */
  public static Flags parse(String[] args) {
    List<String> words = new ArrayList<>();
    Map<String, String> settings = new HashMap<>();
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        words.add(arg);
        continue;
      }
      String name = arg;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        value = "true";
      }
      Setting setting = settingFor(name);
      if (setting != null) {
        settings.put(setting.env(), value);
      } else {
        options.put(name.substring(2), value);
      }
    }
    return new Flags(List.copyOf(words), Map.copyOf(settings), Map.copyOf(options));
  }

  /** The command word at a position, or null. */
  public String word(int index) {
    return index < words.size() ? words.get(index) : null;
  }

  /** A required positional argument. */
  public String requireWord(int index, String what) {
    String w = word(index);
    if (w == null) {
      throw new ConfigException("missing " + what);
    }
    return w;
  }

  private static Setting settingFor(String flag) {
    for (Setting s : Setting.values()) {
      if (s.flag().equals(flag)) {
        return s;
      }
    }
    return null;
  }
}
