package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.plugins.PluginUpload;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code plugins list} and {@code plugins install <jar|zip>}, working on the plugin folders
 * directly; a running server picks an installed file up at its next start (or upload it through
 * {@code POST /api/v1/plugins} to install without a restart).
 */
final class PluginsCommand {

  private PluginsCommand() {}

  static int run(Flags flags, SwitchboardConfig config, PrintStream out) throws IOException {
    String sub = flags.requireWord(1, "plugins subcommand (list | install <file>)");
    switch (sub) {
      case "list" -> {
        out.printf("%-20s %-12s %-8s %s%n", "ID", "VERSION", "SOURCE", "FILE");
        config.builtinPluginsDir().ifPresent(dir -> list(dir, "builtin", out));
        list(config.pluginsDir(), "installed", out);
        return 0;
      }
      case "install" -> {
        Path file = Path.of(flags.requireWord(2, "plugin file"));
        if (!Files.isRegularFile(file)) {
          throw new ConfigException("no such file: " + file);
        }
        PluginUpload upload = PluginUpload.inspect(file, file.getFileName().toString());
        Files.createDirectories(config.pluginsDir());
        Path target =
            config
                .pluginsDir()
                .resolve(upload.pluginId() + "-" + upload.version() + "." + upload.extension());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        out.println("installed " + upload.pluginId() + " " + upload.version() + " as " + target);
        return 0;
      }
      default -> throw new ConfigException("unknown plugins subcommand " + sub);
    }
  }

  private static void list(Path dir, String source, PrintStream out) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{jar,zip}")) {
      for (Path file : files) {
        Optional<PluginUpload> d = describe(file);
        out.printf(
            "%-20s %-12s %-8s %s%n",
            d.map(PluginUpload::pluginId).orElse("?"),
            d.map(PluginUpload::version).orElse("?"),
            source,
            file.getFileName());
      }
    } catch (IOException e) {
      out.println("cannot list " + dir + ": " + e.getMessage());
    }
  }

  private static Optional<PluginUpload> describe(Path file) {
    try {
      return Optional.of(PluginUpload.inspect(file, file.getFileName().toString()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
