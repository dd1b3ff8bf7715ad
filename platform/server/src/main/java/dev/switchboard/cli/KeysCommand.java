package dev.switchboard.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.switchboard.auth.Actor;
import dev.switchboard.auth.ApiKey;
import dev.switchboard.auth.ApiKeys;
import dev.switchboard.auth.IssuedKey;
import dev.switchboard.auth.KeyPage;
import dev.switchboard.auth.KeyRequest;
import dev.switchboard.auth.RateLimit;
import dev.switchboard.auth.Scope;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.SwitchboardConfig;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * {@code keys create --scopes chat,embed [--name N] [--rps R --burst B]}, {@code keys list [--all]}
 * and {@code keys revoke <id>}, straight against the database (see {@link CommandDatabase}). A new
 * key goes to standard output alone, so {@code KEY=$(switchboard keys create ...)} captures just
 * it; everything else goes to standard error.
 */
final class KeysCommand {

  private KeysCommand() {}

  static int run(Flags flags, SwitchboardConfig config, PrintStream out, PrintStream err)
      throws Exception {
    String sub = flags.requireWord(1, "keys subcommand (create | list | revoke <id>)");
    KeyRequest request = sub.equals("create") ? request(flags) : null;
    String revokeId = sub.equals("revoke") ? flags.requireWord(2, "the id of the key") : null;
    if (request == null && revokeId == null && !sub.equals("list")) {
      throw new ConfigException("unknown keys subcommand " + sub);
    }
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();
    // Database start-up chatter would mix with the key on standard output.
    root.setLevel(Level.WARN);
    try (CommandDatabase db = CommandDatabase.open(config)) {
      ApiKeys keys = ApiKeys.direct(db.database().pool());
      if (request != null) {
        IssuedKey issued = CommandDatabase.await(keys.create(request, Actor.cli()));
        ApiKey k = issued.key();
        err.println(
            "created key '"
                + k.name()
                + "' (id "
                + k.id()
                + ", scopes "
                + String.join(",", Scope.names(k.scopes()))
                + "); it is shown only this once:");
        out.println(issued.secret());
      } else if (revokeId != null) {
        ApiKey k = CommandDatabase.await(keys.revoke(revokeId, Actor.cli()));
        err.println("revoked key '" + k.name() + "' (" + k.prefix() + ")");
      } else {
        list(keys, "true".equals(flags.options().get("all")), out);
      }
      return 0;
    } finally {
      root.setLevel(level);
    }
  }

  private static KeyRequest request(Flags flags) {
    String scopes = flags.options().get("scopes");
    if (scopes == null || scopes.equals("true")) {
      throw new ConfigException(
          "keys create needs --scopes, a comma-separated list of " + Scope.all());
    }
    String name = flags.options().get("name");
    if (name == null || name.equals("true")) {
      name = "cli " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
    String rps = flags.options().get("rps");
    String burst = flags.options().get("burst");
    RateLimit limit = null;
    if (rps != null || burst != null) {
      if (rps == null || burst == null) {
        throw new ConfigException("a key's own rate limit needs both --rps and --burst");
      }
      try {
        limit = new RateLimit(Double.parseDouble(rps), Integer.parseInt(burst));
      } catch (NumberFormatException e) {
        throw new ConfigException("--rps must be a number and --burst a whole number");
      }
    }
    Set<Scope> parsed = Scope.parseAll(Arrays.asList(scopes.split(",")));
    return new KeyRequest(name, parsed, limit);
  }

  private static void list(ApiKeys keys, boolean all, PrintStream out) throws Exception {
    out.printf(
        "%-36s  %-11s  %-24s  %-28s  %-20s  %s%n",
        "ID", "PREFIX", "NAME", "SCOPES", "CREATED", all ? "REVOKED" : "LAST USED");
    String after = null;
    do {
      KeyPage page = CommandDatabase.await(keys.list(after, 200, all));
      for (ApiKey k : page.items()) {
        out.printf(
            "%-36s  %-11s  %-24s  %-28s  %-20s  %s%n",
            k.id(),
            k.prefix(),
            k.name(),
            String.join(",", Scope.names(k.scopes())),
            k.createdAt().toInstant().truncatedTo(ChronoUnit.SECONDS),
            all
                ? (k.revokedAt() == null
                    ? "-"
                    : k.revokedAt().toInstant().truncatedTo(ChronoUnit.SECONDS))
                : (k.lastUsedAt() == null
                    ? "never"
                    : k.lastUsedAt().toInstant().truncatedTo(ChronoUnit.SECONDS)));
      }
      after = page.next();
    } while (after != null);
  }
}
