package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void failuresBeyondTheFreeOnesWaitLongerEachTime() {
    LoginThrottle t = new LoginThrottle();
    long now = 0;
    for (int i = 1; i < LoginThrottle.FREE; i++) {
      t.failed("admin", now);
      assertEquals(0, t.waitNanos("admin", now));
    }
    t.failed("Admin", now);
    assertEquals(SECOND, t.waitNanos("ADMIN", now), "names are case-insensitive");
    t.failed("admin", now);
    assertEquals(2 * SECOND, t.waitNanos("admin", now));
    for (int i = 0; i < 20; i++) {
      t.failed("admin", now);
    }
    assertEquals(60 * SECOND, t.waitNanos("admin", now), "capped at a minute");
    assertEquals(0, t.waitNanos("admin", now + 61 * SECOND));
    assertEquals(0, t.waitNanos("someone else", now));
  }

  @Test
  void successClearsTheCount() {
    LoginThrottle t = new LoginThrottle();
    for (int i = 0; i < 10; i++) {
      t.failed("admin", 0);
    }
    assertTrue(t.waitNanos("admin", 0) > 0);
    t.succeeded("admin");
    assertEquals(0, t.waitNanos("admin", 0));
  }
}
