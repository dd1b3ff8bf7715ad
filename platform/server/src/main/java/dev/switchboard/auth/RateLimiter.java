package dev.switchboard.auth;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Per-key token buckets: the key's own limit, else the server default. */
final class RateLimiter {

  private final RateLimit defaults;
  private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(RateLimit defaults) {
    this.defaults = defaults;
  }

  /**
   * Takes a token from the key's bucket.
   *
   * @param now {@link System#nanoTime()}
   * @return 0 when the request may go ahead, else nanoseconds until it could
   */
  long take(ApiKey key, long now) {
    RateLimit limit = key.rateLimit() != null ? key.rateLimit() : defaults;
    if (limit.unlimited()) {
      return 0;
    }
    TokenBucket bucket =
        buckets.compute(
            key.id(),
            (id, existing) ->
                existing != null && existing.limit().equals(limit)
                    ? existing
                    : new TokenBucket(limit, now));
    return bucket.take(now);
  }

  /** The limit a key is held to, for messages. */
  RateLimit limitOf(ApiKey key) {
    return key.rateLimit() != null ? key.rateLimit() : defaults;
  }

  /** Forgets the buckets of keys that are no longer valid. */
  void retain(Set<String> validIds) {
    buckets.keySet().retainAll(validIds);
  }
}
