package dev.switchboard.auth;

/**
 * One key's token bucket. Requests for the same key arrive on every event loop, hence the lock; it
 * is held for a few arithmetic operations.
 */
final class TokenBucket {

  private static final double NANOS_PER_SECOND = 1e9;

  private final RateLimit limit;
  private double tokens;
  private long last;

  TokenBucket(RateLimit limit, long now) {
    this.limit = limit;
    this.tokens = limit.burst();
    this.last = now;
  }

  RateLimit limit() {
    return limit;
  }

  /**
   * Takes a token.
   *
   * @param now {@link System#nanoTime()}
   * @return 0 when a token was taken, else how many nanoseconds until one will be there
   */
  synchronized long take(long now) {
    if (limit.unlimited()) {
      return 0;
    }
    tokens = Math.min(limit.burst(), tokens + (now - last) / NANOS_PER_SECOND * limit.rps());
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / limit.rps() * NANOS_PER_SECOND));
  }
}
