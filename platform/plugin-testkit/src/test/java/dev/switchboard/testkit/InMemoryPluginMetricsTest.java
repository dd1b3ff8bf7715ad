package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryPluginMetricsTest {

  private final InMemoryPluginMetrics metrics = new InMemoryPluginMetrics();

  @Test
  void countsPerTagSetAndInTotal() {
    metrics.increment("hits", "cache", "l1", "kind", "a");
    metrics.increment("hits", "kind", "a", "cache", "l1");
    metrics.increment("hits", "cache", "l2");
    metrics.increment("misses");

    assertEquals(2, metrics.count("hits", "kind", "a", "cache", "l1"));
    assertEquals(1, metrics.count("hits", "cache", "l2"));
    assertEquals(0, metrics.count("hits"));
    assertEquals(3, metrics.total("hits"));
    assertEquals(Set.of("hits{cache=l1,kind=a}", "hits{cache=l2}", "misses"), metrics.keys());
  }

  @Test
  void recordsTimings() {
    metrics.record("lookup", Duration.ofMillis(3));
    metrics.record("lookup", Duration.ofMillis(5));
    assertEquals(List.of(Duration.ofMillis(3), Duration.ofMillis(5)), metrics.timings("lookup"));
  }

  @Test
  void rejectsNamesAndTagsTheServerWouldNotAccept() {
    assertThrows(IllegalArgumentException.class, () -> metrics.increment("Cache-Hits"));
    assertThrows(IllegalArgumentException.class, () -> metrics.increment("hits", "lonely"));
    assertThrows(IllegalArgumentException.class, () -> metrics.record("t", Duration.ofMillis(-1)));
  }
}
