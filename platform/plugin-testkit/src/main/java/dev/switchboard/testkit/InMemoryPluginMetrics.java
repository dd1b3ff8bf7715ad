package dev.switchboard.testkit;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.PluginMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * {@link PluginMetrics} kept in memory so tests can assert on them. It is stricter than it needs to
 * be on purpose: names must be lowercase snake case and tags must come in key/value pairs, the
 * rules the server's metrics registry relies on, so mistakes show up in a unit test rather than at
 * {@code GET /metrics}.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class InMemoryPluginMetrics implements PluginMetrics {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final Map<String, List<Duration>> timers = new ConcurrentHashMap<>();

  /** Creates empty metrics. */
  public InMemoryPluginMetrics() {}

  @Override
  public void increment(String name, String... tags) {
    counters.computeIfAbsent(key(name, tags), k -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public void record(String name, Duration duration, String... tags) {
    if (duration == null || duration.isNegative()) {
      throw new IllegalArgumentException("duration must be zero or positive, got " + duration);
    }
    timers.computeIfAbsent(key(name, tags), k -> new CopyOnWriteArrayList<>()).add(duration);
  }

  /**
   * The value of a counter with exactly these tags.
   *
   * @param name the metric name
   * @param tags alternating tag keys and values, in any order
   * @return the count, 0 when never incremented
   */
  public long count(String name, String... tags) {
    AtomicLong counter = counters.get(key(name, tags));
    return counter == null ? 0 : counter.get();
  }

  /**
   * The sum of a counter over all its tag combinations.
   *
   * @param name the metric name
   * @return the total, 0 when never incremented
   */
  public long total(String name) {
    long sum = 0;
    for (Map.Entry<String, AtomicLong> entry : counters.entrySet()) {
      if (baseName(entry.getKey()).equals(name)) {
        sum += entry.getValue().get();
      }
    }
    return sum;
  }

  /**
   * The durations recorded in a timer with exactly these tags, in order.
   *
   * @param name the metric name
   * @param tags alternating tag keys and values, in any order
   * @return the durations, empty when none
   */
  public List<Duration> timings(String name, String... tags) {
    List<Duration> recorded = timers.get(key(name, tags));
    return recorded == null ? List.of() : new ArrayList<>(recorded);
  }

  /**
   * Every metric written so far, with its tags, as {@code name{key=value,...}}.
   *
   * @return the sorted keys
   */
  public Set<String> keys() {
    Set<String> keys = new TreeSet<>(counters.keySet());
    keys.addAll(timers.keySet());
    return keys;
  }

  /** Forgets everything recorded. */
  public void clear() {
    counters.clear();
    timers.clear();
  }

  private static String baseName(String key) {
    int brace = key.indexOf('{');
    return brace < 0 ? key : key.substring(0, brace);
  }

  // Tags are sorted by key so the same tags given in another order hit the same series.
  private static String key(String name, String... tags) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "metric name must be lowercase snake case ([a-z][a-z0-9_]*), got " + name);
    }
    if (tags.length % 2 != 0) {
      throw new IllegalArgumentException(
          "tags must be key/value pairs, got " + tags.length + " strings");
    }
    if (tags.length == 0) {
      return name;
    }
    Set<String> pairs = new TreeSet<>();
    for (int i = 0; i < tags.length; i += 2) {
      if (tags[i] == null || !NAME.matcher(tags[i]).matches() || tags[i + 1] == null) {
        throw new IllegalArgumentException(
            "tag keys must be lowercase snake case and values non-null, got "
                + tags[i]
                + "="
                + tags[i + 1]);
      }
      pairs.add(tags[i] + "=" + tags[i + 1]);
    }
    return name + "{" + String.join(",", pairs) + "}";
  }
}
