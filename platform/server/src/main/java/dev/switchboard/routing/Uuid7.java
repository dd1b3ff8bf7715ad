package dev.switchboard.routing;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered UUIDs (RFC 9562 version 7: 48 bits of Unix milliseconds, then random bits). Ids made
 * close in time sort close together, so the eval log's primary key grows at its right edge instead
 * of touching a random index page per row; and making one takes no lock, unlike {@link
 * UUID#randomUUID()}'s shared {@code SecureRandom}. Request ids are echoed to clients, so they need
 * to be unique, not secret.
 */
public final class Uuid7 {

  private Uuid7() {}

  /** A new version 7 UUID. */
  public static UUID next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long millis = System.currentTimeMillis() & 0xFFFF_FFFF_FFFFL;
    long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}
