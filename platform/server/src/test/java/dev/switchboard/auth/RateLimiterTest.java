package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.TaskException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final long S = TimeUnit.SECONDS.toNanos(1);

  private static ApiKey key(String id, RateLimit limit) {
    return new ApiKey(id, "k", "sb_00000000", Set.of(Scope.CHAT), limit, null, null, null);
  }

  @Test
  void aBurstPassesThenTheWaitIsWhatTheBucketNeeds() {
    RateLimiter limiter = new RateLimiter(new RateLimit(2, 3));
    ApiKey k = key("a", null);
    long t = 1_000 * S;
    for (int i = 0; i < 3; i++) {
      assertEquals(0, limiter.take(k, t));
    }
    long wait = limiter.take(k, t);
    assertEquals(S / 2, wait, 1_000); // one token at 2 per second
    assertEquals(0, limiter.take(k, t + S / 2));
    assertTrue(limiter.take(k, t + S / 2) > 0);
  }

  @Test
  void aKeysOwnLimitWinsAndZeroMeansUnlimited() {
    RateLimiter limiter = new RateLimiter(new RateLimit(1, 1));
    ApiKey slow = key("slow", new RateLimit(0.25, 1));
    assertEquals(0, limiter.take(slow, 0));
    assertEquals(4 * S, limiter.take(slow, 0), 1_000);
    ApiKey free = key("free", new RateLimit(0, 1));
    for (int i = 0; i < 10_000; i++) {
      assertEquals(0, limiter.take(free, 0));
    }
  }

  @Test
  void bucketsRefillButNeverBeyondTheBurst() {
    RateLimiter limiter = new RateLimiter(new RateLimit(10, 2));
    ApiKey k = key("a", null);
    limiter.take(k, 0);
    limiter.take(k, 0);
    long later = 3600 * S;
    assertEquals(0, limiter.take(k, later));
    assertEquals(0, limiter.take(k, later));
    assertTrue(limiter.take(k, later) > 0);
  }

  @Test
  void forgottenKeysLoseTheirBuckets() {
    RateLimiter limiter = new RateLimiter(new RateLimit(1, 1));
    ApiKey k = key("a", null);
    limiter.take(k, 0);
    assertTrue(limiter.take(k, 0) > 0);
    limiter.retain(Set.of());
    assertEquals(0, limiter.take(k, 0));
  }

  @Test
  void limitsAreValidated() {
    assertThrows(TaskException.class, () -> new RateLimit(-1, 1));
    assertThrows(TaskException.class, () -> new RateLimit(1, 0));
    assertThrows(TaskException.class, () -> new RateLimit(Double.NaN, 1));
  }
}
