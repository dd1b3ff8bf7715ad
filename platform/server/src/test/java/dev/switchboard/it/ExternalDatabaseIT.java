package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.testing.ServerFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DATABASE_URL path against the machine's PostgreSQL 15 (127.0.0.1:5432, trust auth), in a
 * database of its own that the test creates and drops.
 */
class ExternalDatabaseIT {

  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  @TempDir Path home;
  private String database;

  @BeforeEach
  void createDatabase() throws Exception {
    database = "sb_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(ADMIN_URL);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
  }

  @AfterEach
  void dropDatabase() throws Exception {
    try (Connection c = DriverManager.getConnection(ADMIN_URL);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  @Test
  void migratesServesAndKeepsDataAcrossRestarts() throws Exception {
    Map<String, String> env =
        Map.of("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + database);
    JsonObject routes =
        new JsonObject()
            .put(
                "routes",
                new JsonArray()
                    .add(new JsonObject().put("task", "classify").put("plugin", "hello")));
    try (ServerFixture sb = ServerFixture.start(home, env)) {
      JsonObject health = json(sb.get("/health"));
      assertEquals("UP", health.getString("status"));
      assertFalse(
          health
              .getJsonObject("checks")
              .getJsonObject("database")
              .getJsonObject("details")
              .getBoolean("embedded"));
      assertEquals(200, sb.put("/api/v1/routes", routes).statusCode());
    }
    try (ServerFixture sb = ServerFixture.start(home, env)) {
      assertEquals(
          "hello",
          json(sb.get("/api/v1/routes"))
              .getJsonArray("routes")
              .getJsonObject(0)
              .getString("plugin"));
    }
  }
}
