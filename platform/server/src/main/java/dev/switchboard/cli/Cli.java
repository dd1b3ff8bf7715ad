package dev.switchboard.cli;

import dev.switchboard.Switchboard;
import dev.switchboard.api.TaskException;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Setting;
import dev.switchboard.config.SwitchboardConfig;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Dispatches the command line: {@code serve} (default), {@code plugins ...}, {@code models ...},
 * {@code keys ...}, {@code help}.
 */
public final class Cli {

  private Cli() {}

  /**
   * Runs a command.
   *
   * @return the process exit code
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Flags flags = Flags.parse(args);
    String command = flags.word(0) == null ? "serve" : flags.word(0);
    try {
      SwitchboardConfig config = SwitchboardConfig.from(env, flags.settings());
      LogSetup.apply(config.logFormat());
      return switch (command) {
        case "serve" -> serve(config, err);
        case "plugins" -> PluginsCommand.run(flags, config, out);
        case "keys" -> KeysCommand.run(flags, config, out, err);
        case "models" -> ModelsCommand.run(flags, config, env, out, err);
        case "help", "--help" -> help(out);
        default -> {
          err.println("unknown command '" + command + "'");
          help(err);
          yield 2;
        }
      };
    } catch (ConfigException | TaskException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("error: " + e);
      return 1;
    }
  }

  /** Starts the server and blocks until SIGTERM/SIGINT, then shuts down gracefully. */
  private static int serve(SwitchboardConfig config, PrintStream err) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<Switchboard> running = new AtomicReference<>();
    Thread hook =
        new Thread(
            () -> {
              Switchboard sb = running.get();
              if (sb != null) {
                CountDownLatch done = new CountDownLatch(1);
                sb.stop().onComplete(x -> done.countDown());
                try {
                  done.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              stopped.countDown();
            },
            "switchboard-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Switchboard.start(config)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                running.set(ar.result());
              } else {
                failure.set(ar.cause());
              }
              started.countDown();
            });
    started.await();
    if (failure.get() != null) {
      err.println("Switchboard failed to start: " + failure.get().getMessage());
      return 1;
    }
    stopped.await();
    return 0;
  }

  private static int help(PrintStream out) {
    out.println("usage: switchboard [command] [--flags]");
    out.println();
    out.println("commands:");
    out.println("  serve                      start the platform (default)");
    out.println("  plugins list               list built-in and installed plugins");
    out.println("  plugins install <file>     install a plugin jar or zip into the plugins folder");
    out.println("  keys create --scopes a,b [--name N] [--rps R --burst B]");
    out.println("                             create an API key (printed once); scopes: chat,");
    out.println("                             embed, classify, retrieve, admin");
    out.println("  keys list [--all]          list valid API keys (--all: revoked ones too)");
    out.println("  keys revoke <id>           revoke an API key at once");
    out.println("  models list                list the model folders");
    out.println("  models create-random <name> --shape tiny|qwen2.5-0.5b|bert-mini [--seed N]");
    out.println(
        "                             write a random-weight checkpoint (tests, demos, benchmarks)");
    out.println("  models pull <repo-id> [--revision R] [--name N]");
    out.println(
        "                             download from a Hugging Face-compatible hub (HF_ENDPOINT, HF_TOKEN)");
    out.println("  models rm <name>           delete a model folder");
    out.println();
    out.println("settings (environment variable, flag, default):");
    for (Setting s : Setting.values()) {
      out.printf(
          "  %-32s %-24s %s%n    %s%n",
          s.env(), s.flag(), s.defaultValue() == null ? "" : s.defaultValue(), s.description());
    }
    return 0;
  }
}
