package dev.switchboard.auth;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;

/**
 * A token bucket's shape: {@code rps} tokens are added per second up to {@code burst}; each request
 * takes one. An {@code rps} of 0 means unlimited.
 *
 * @param rps requests per second, 0 for no limit
 * @param burst how many requests may arrive at once
 */
public record RateLimit(double rps, int burst) {

  static final double MAX_RPS = 1_000_000;
  static final int MAX_BURST = 1_000_000;

  /** Validates the fields. */
  public RateLimit {
    if (!(rps >= 0 && rps <= MAX_RPS)) {
      throw TaskException.invalid("'rateLimit.rps' must be between 0 and " + (long) MAX_RPS);
    }
    if (burst < 1 || burst > MAX_BURST) {
      throw TaskException.invalid("'rateLimit.burst' must be between 1 and " + MAX_BURST);
    }
  }

  /** Whether there is no limit at all. */
  public boolean unlimited() {
    return rps == 0;
  }

  /** {@code {"rps":..,"burst":..}}. */
  public JsonObject toJson() {
    return new JsonObject().put("rps", rps).put("burst", burst);
  }

  /**
   * Reads {@code {"rps":number,"burst":whole number}}, failing with a 400 that names the field.
   *
   * @param json the object, or null
   * @return the limit, or null when {@code json} is null
   */
  public static RateLimit fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    for (String field : json.fieldNames()) {
      if (!field.equals("rps") && !field.equals("burst")) {
        throw TaskException.invalid("unknown field 'rateLimit." + field + "'; use rps and burst");
      }
    }
    if (!(json.getValue("rps") instanceof Number rps)) {
      throw TaskException.invalid("'rateLimit.rps' (a number) is required");
    }
    if (!(json.getValue("burst") instanceof Number burst)
        || burst.doubleValue() != Math.rint(burst.doubleValue())) {
      throw TaskException.invalid("'rateLimit.burst' (a whole number) is required");
    }
    double b = burst.doubleValue();
    if (b < 1 || b > MAX_BURST) {
      throw TaskException.invalid("'rateLimit.burst' must be between 1 and " + MAX_BURST);
    }
    return new RateLimit(rps.doubleValue(), (int) b);
  }
}
