package dev.switchboard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatabaseEndpointTest {

  @Test
  void parsesPostgresUrlsWithCredentials() {
    DatabaseEndpoint e =
        DatabaseEndpoint.parse("postgresql://app:s%40cret@db.local:6543/switchboard");
    assertEquals("db.local", e.host());
    assertEquals(6543, e.port());
    assertEquals("switchboard", e.database());
    assertEquals("app", e.user());
    assertEquals("s@cret", e.password());
    assertEquals("jdbc:postgresql://db.local:6543/switchboard", e.jdbcUrl());
    assertFalse(e.toString().contains("s@cret"), "the password must never be printed");
    assertFalse(e.describe().contains("s@cret"));
  }

  @Test
  void parsesJdbcUrlsWithQueryCredentials() {
    DatabaseEndpoint e =
        DatabaseEndpoint.parse("jdbc:postgresql://127.0.0.1/test?user=postgres&password=pw");
    assertEquals(5432, e.port());
    assertEquals("test", e.database());
    assertEquals("postgres", e.user());
    assertEquals("pw", e.password());
  }

  @Test
  void rejectsOtherSchemes() {
    assertThrows(IllegalArgumentException.class, () -> DatabaseEndpoint.parse("mysql://x/y"));
    assertThrows(
        IllegalArgumentException.class, () -> DatabaseEndpoint.parse("postgresql:///nohost"));
  }
}
