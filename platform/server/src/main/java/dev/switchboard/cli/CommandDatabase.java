package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.db.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The database for a command that runs beside (or instead of) the server: {@code DATABASE_URL} when
 * set; else the embedded PostgreSQL of {@code $SWITCHBOARD_HOME/pgdata}. When a running server owns
 * that embedded database (its data directory is locked), the command connects to it on the port
 * PostgreSQL records in {@code postmaster.pid} instead of starting a second one, so keys can be
 * managed without stopping the server; the server hears of the change at once through PostgreSQL's
 * LISTEN/NOTIFY.
 */
final class CommandDatabase implements AutoCloseable {

  private static final long TIMEOUT_S = 120;

  private final Vertx vertx;
  private final Database database;

  private CommandDatabase(Vertx vertx, Database database) {
    this.vertx = vertx;
    this.database = database;
  }

  static CommandDatabase open(SwitchboardConfig config) throws Exception {
    Vertx vertx = Vertx.vertx();
    Path dataDir = config.home().resolve("pgdata");
    Optional<String> url = config.databaseUrl();
    OptionalInt running = url.isPresent() ? OptionalInt.empty() : runningPort(dataDir);
    if (running.isPresent()) {
      url = Optional.of("postgresql://postgres@127.0.0.1:" + running.getAsInt() + "/postgres");
    }
    try {
      return new CommandDatabase(vertx, await(Database.open(vertx, url, config.home())));
    } catch (Exception e) {
      await(vertx.close());
      if (running.isPresent()) {
        throw new ConfigException(
            "the embedded database in "
                + dataDir
                + " belongs to a running server but does not answer on port "
                + running.getAsInt()
                + " ("
                + rootMessage(e)
                + "); use the admin API (POST /api/v1/keys) or stop the server and retry");
      }
      throw e;
    }
  }

  Database database() {
    return database;
  }

  /** Waits for a future on this command's thread. */
  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new IllegalStateException("the database did not answer within " + TIMEOUT_S + " s");
    }
  }

  @Override
  public void close() throws Exception {
    try {
      await(database.close(vertx));
    } finally {
      await(vertx.close());
    }
  }

  /**
   * The port of a live PostgreSQL that owns {@code dataDir}: {@code postmaster.pid} holds its
   * process id on line 1 and its port on line 4. A file left by a crash names a dead process and is
   * ignored (PostgreSQL itself clears it at the next start).
   */
  static OptionalInt runningPort(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pidFile);
      if (lines.size() < 4) {
        return OptionalInt.empty();
      }
      long pid = Long.parseLong(lines.get(0).trim());
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive ? OptionalInt.of(Integer.parseInt(lines.get(3).trim())) : OptionalInt.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }
}
