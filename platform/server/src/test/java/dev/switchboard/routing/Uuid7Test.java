package dev.switchboard.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class Uuid7Test {

  @Test
  void isAVersion7RfcVariantUuidCarryingTheCurrentTime() {
    long before = System.currentTimeMillis();
    UUID id = Uuid7.next();
    long after = System.currentTimeMillis();
    assertEquals(7, id.version());
    assertEquals(2, id.variant());
    long millis = id.getMostSignificantBits() >>> 16;
    assertTrue(millis >= before && millis <= after, "timestamp " + millis);
    assertEquals(id, UUID.fromString(id.toString()));
  }

  @Test
  void idsFromLaterMillisecondsSortAfterEarlierOnes() throws InterruptedException {
    UUID first = Uuid7.next();
    Thread.sleep(2);
    UUID second = Uuid7.next();
    // PostgreSQL compares uuids bytewise, which is the order of their text form.
    assertTrue(first.toString().compareTo(second.toString()) < 0);
  }

  @Test
  void aHundredThousandIdsAreDistinct() {
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertTrue(seen.add(Uuid7.next()));
    }
  }
}
