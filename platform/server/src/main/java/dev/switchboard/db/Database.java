package dev.switchboard.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database as the rest of the server sees it: a migrated schema and a reactive pool. Owns the
 * embedded PostgreSQL when there is one.
 */
public final class Database {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final Pool pool;
  private final DatabaseEndpoint endpoint;
  private final Optional<EmbeddedDatabase> embedded;

  private Database(Pool pool, DatabaseEndpoint endpoint, Optional<EmbeddedDatabase> embedded) {
    this.pool = pool;
    this.endpoint = endpoint;
    this.embedded = embedded;
  }

  /**
   * Connects (starting the embedded server when {@code url} is empty), migrates and opens the pool.
   * The blocking parts run on a worker thread.
   *
   * @param vertx the Vert.x instance
   * @param url the external database URL, or empty for the embedded one
   * @param home the state folder holding {@code pgdata}
   * @return the database once it is ready
   */
  public static Future<Database> open(Vertx vertx, Optional<String> url, Path home) {
    return vertx.executeBlocking(
        () -> {
          Optional<EmbeddedDatabase> embedded =
              url.isEmpty()
                  ? Optional.of(EmbeddedDatabase.start(home.resolve("pgdata")))
                  : Optional.empty();
          DatabaseEndpoint endpoint =
              embedded
                  .map(EmbeddedDatabase::endpoint)
                  .orElseGet(() -> DatabaseEndpoint.parse(url.get()));
          try {
            Migrations.migrate(endpoint);
          } catch (RuntimeException e) {
            embedded.ifPresent(EmbeddedDatabase::close);
            throw e;
          }
          Pool pool =
              PgBuilder.pool()
                  .with(new PoolOptions().setMaxSize(16).setName("switchboard").setShared(false))
                  .connectingTo(endpoint.connectOptions())
                  .using(vertx)
                  .build();
          LOG.atInfo()
              .addKeyValue("database", endpoint.describe())
              .addKeyValue("embedded", embedded.isPresent())
              .log("database ready");
          return new Database(pool, endpoint, embedded);
        });
  }

  /** The reactive pool for every runtime query. */
  public Pool pool() {
    return pool;
  }

  /** Where the database is. */
  public DatabaseEndpoint endpoint() {
    return endpoint;
  }

  /** Whether this is the embedded server. */
  public boolean isEmbedded() {
    return embedded.isPresent();
  }

  /** Checks the database answers. */
  public Future<Void> ping() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  /** Closes the pool, then stops the embedded server if there is one. */
  public Future<Void> close(Vertx vertx) {
    return pool.close()
        .transform(
            ignored ->
                vertx.executeBlocking(
                    () -> {
                      embedded.ifPresent(EmbeddedDatabase::close);
                      return null;
                    }));
  }
}
