package dev.switchboard.auth;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows password guessing per user name: after {@link #FREE} failures in a row, each further
 * attempt must wait 1, 2, 4, ... up to 60 s. In memory, per node; a success clears the count.
 */
final class LoginThrottle {

  static final int FREE = 5;
  private static final long MAX_WAIT_NANOS = 60_000_000_000L;
  private static final int MAX_TRACKED = 10_000;

  private record Failures(int count, long lockedUntil) {}

  private final Map<String, Failures> failures = new HashMap<>();

  /** Nanoseconds to wait before {@code user} may try again; 0 when it may try now. */
  synchronized long waitNanos(String user, long now) {
    Failures f = failures.get(key(user));
    return f == null ? 0 : Math.max(0, f.lockedUntil() - now);
  }

  synchronized void failed(String user, long now) {
    if (failures.size() >= MAX_TRACKED) {
      failures.clear();
    }
    Failures f = failures.get(key(user));
    int count = f == null ? 1 : f.count() + 1;
    long wait =
        count < FREE ? 0 : Math.min(MAX_WAIT_NANOS, 1_000_000_000L << Math.min(16, count - FREE));
    failures.put(key(user), new Failures(count, now + wait));
  }

  synchronized void succeeded(String user) {
    failures.remove(key(user));
  }

  private static String key(String user) {
    return user.toLowerCase(Locale.ROOT);
  }
}
