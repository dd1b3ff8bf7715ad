package dev.switchboard.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the Flyway migrations of the {@code db} module. Blocking; runs once at start-up. */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /**
   * Brings the schema up to date; a no-op when it already is.
   *
   * @param endpoint the database
   * @return the schema version after migrating
   */
  public static String migrate(DatabaseEndpoint endpoint) {
    Flyway flyway =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(endpoint.jdbcUrl(), endpoint.user(), endpoint.password())
            .locations("classpath:db/migration")
            .load();
    MigrateResult result = flyway.migrate();
    String version =
        flyway.info().current() == null
            ? "none"
            : flyway.info().current().getVersion().getVersion();
    LOG.atInfo()
        .addKeyValue("applied", result.migrationsExecuted)
        .addKeyValue("version", version)
        .log("database schema up to date");
    return version;
  }
}
