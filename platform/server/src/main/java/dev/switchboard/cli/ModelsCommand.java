package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.runtime.store.HubDownloader;
import dev.switchboard.runtime.store.ModelStore;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * {@code models list | rm <name> | create-random <name> --shape S [--seed N] | pull <repo-id>
 * [--revision R] [--name N]}, on the folders under {@code $SWITCHBOARD_HOME/models}. A running
 * server registers new folders at its next start, or at once through {@code POST /api/v1/models}.
 */
final class ModelsCommand {

  private ModelsCommand() {}

  static int run(
      Flags flags,
      SwitchboardConfig config,
      Map<String, String> env,
      PrintStream out,
      PrintStream err)
      throws IOException {
    ModelStore store = new ModelStore(config.modelsDir());
    String sub = flags.requireWord(1, "models subcommand (list | rm | create-random | pull)");
    switch (sub) {
      case "list" -> {
        out.printf(
            "%-28s %-10s %-8s %-7s %10s  %s%n", "NAME", "KIND", "TYPE", "RANDOM", "MB", "PATH");
        for (ModelStore.StoredModel m : store.list()) {
          out.printf(
              Locale.ROOT,
              "%-28s %-10s %-8s %-7s %10.1f  %s%n",
              m.name(),
              m.kind().name().toLowerCase(Locale.ROOT),
              m.modelType(),
              m.random(),
              m.bytes() / 1e6,
              m.path());
        }
        return 0;
      }
      case "rm" -> {
        String name = flags.requireWord(2, "model name");
        try {
          store.remove(name);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(e.getMessage());
        }
        out.println("removed " + name);
        return 0;
      }
      case "create-random" -> {
        String name = flags.requireWord(2, "model name");
        String shape = flags.options().getOrDefault("shape", "tiny");
        long seed;
        try {
          seed = Long.parseLong(flags.options().getOrDefault("seed", "42"));
        } catch (NumberFormatException e) {
          throw new ConfigException("--seed must be a whole number");
        }
        try {
          ModelStore.StoredModel m = store.createRandom(name, shape, seed);
          out.printf(
              Locale.ROOT,
              "created %s (%s, %s, %.1f MB, random weights) at %s%n",
              m.name(),
              shape,
              m.modelType(),
              m.bytes() / 1e6,
              m.path());
        } catch (IllegalArgumentException | IllegalStateException e) {
          throw new ConfigException(e.getMessage());
        }
        return 0;
      }
      case "pull" -> {
        String repo = flags.requireWord(2, "repository id, for example Qwen/Qwen2.5-0.5B-Instruct");
        String endpoint = env.getOrDefault("HF_ENDPOINT", "https://huggingface.co");
        HubDownloader hub = new HubDownloader(URI.create(endpoint), env.get("HF_TOKEN"));
        ProgressBar bar = new ProgressBar(err);
        ModelStore.StoredModel m =
            store.pull(
                hub,
                repo,
                flags.options().getOrDefault("revision", "main"),
                flags.options().get("name"),
                bar::update);
        bar.done();
        out.printf(
            Locale.ROOT,
            "pulled %s into %s (%s, %.1f MB)%n",
            repo,
            m.path(),
            m.modelType(),
            m.bytes() / 1e6);
        return 0;
      }
      default -> throw new ConfigException("unknown models subcommand " + sub);
    }
  }

  /** One line per file, redrawn in place: name, percent, megabytes. */
  private static final class ProgressBar {
    private final PrintStream err;
    private String current;

    ProgressBar(PrintStream err) {
      this.err = err;
    }

    synchronized void update(String file, long done, long total) {
      if (current != null && !current.equals(file)) {
        err.println();
      }
      current = file;
      int width = 30;
      int filled = total > 0 ? (int) Math.min(width, done * width / total) : 0;
      String pct =
          total > 0 ? String.format(Locale.ROOT, "%5.1f%%", 100.0 * done / total) : "  ?  ";
      err.printf(
          Locale.ROOT,
          "\r%-40s [%s%s] %s %8.1f MB",
          file,
          "#".repeat(filled),
          " ".repeat(width - filled),
          pct,
          done / 1e6);
    }

    synchronized void done() {
      if (current != null) {
        err.println();
      }
    }
  }
}
