package dev.switchboard.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL used when no {@code DATABASE_URL} is set. Its data directory persists
 * under {@code $SWITCHBOARD_HOME/pgdata}, so a restart loses nothing.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL on a free loopback port with its data under {@code dataDir}. Blocking.
   *
   * @param dataDir the data directory, created on first start
   * @return the running database
   */
  public static EmbeddedDatabase start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      long t0 = System.nanoTime();
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              // Our own shutdown stops it after the eval log has drained; zonky's hook would race
              // it.
              .setRegisterShutdownHook(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "100")
              // zonky turns synchronous_commit off; an accepted write must survive a crash, so it
              // goes back on. Only the eval log, which can afford to lose its last moment, opts out
              // per transaction.
              .setServerConfig("synchronous_commit", "on")
              // The eval log writes steadily under load; fewer checkpoints mean fewer full-page
              // images in the WAL.
              .setServerConfig("max_wal_size", "2GB")
              .start();
      LOG.atInfo()
          .addKeyValue("dataDir", dataDir)
          .addKeyValue("port", pg.getPort())
          .addKeyValue("ms", (System.nanoTime() - t0) / 1_000_000)
          .log("embedded PostgreSQL started");
      return new EmbeddedDatabase(pg);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
    }
  }

  /** The endpoint of the embedded server (user and database {@code postgres}). */
  public DatabaseEndpoint endpoint() {
    return new DatabaseEndpoint("127.0.0.1", postgres.getPort(), "postgres", "postgres", "");
  }

  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("embedded PostgreSQL stopped");
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
