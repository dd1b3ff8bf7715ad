package dev.switchboard.datasets;

import dev.switchboard.api.TaskException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Stratified train/validation/test assignment. Within each label the examples are ordered by a hash
 * of (seed, id) — so the same seed gives the same split whatever order rows come back in — and cut
 * by the largest-remainder method, so every label keeps the requested proportions as closely as
 * whole numbers allow.
 */
public final class Splitter {

  /**
   * One example to place.
   *
   * @param id its id
   * @param stratum its label (null: one stratum for all unlabelled)
   */
  public record Item(UUID id, String stratum) {}

  private final double[] fractions;
  private final long seed;

  /**
   * @param train share for train
   * @param validation share for validation
   * @param test share for test
   * @param seed the shuffle seed
   */
  public Splitter(double train, double validation, double test, long seed) {
    if (train < 0 || validation < 0 || test < 0) {
      throw TaskException.invalid("split shares must not be negative");
    }
    double sum = train + validation + test;
    if (Math.abs(sum - 1.0) > 1e-6) {
      throw TaskException.invalid(
          "train, validation and test must add up to 1 (they add up to " + sum + ")");
    }
    this.fractions = new double[] {train, validation, test};
    this.seed = seed;
  }

  /** The split of every item, by id. */
  public Map<UUID, String> assign(List<Item> items) {
    Map<String, List<Item>> strata =
        new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    for (Item item : items) {
      strata.computeIfAbsent(item.stratum(), k -> new ArrayList<>()).add(item);
    }
    Map<UUID, String> out = new LinkedHashMap<>();
    for (List<Item> group : strata.values()) {
      Map<UUID, Long> keys = new HashMap<>();
      for (Item item : group) {
        keys.put(item.id(), key(item.id()));
      }
      group.sort(Comparator.<Item>comparingLong(i -> keys.get(i.id())).thenComparing(Item::id));
      int[] counts = counts(group.size());
      int at = 0;
      for (int s = 0; s < 3; s++) {
        for (int k = 0; k < counts[s]; k++) {
          out.put(group.get(at++).id(), Splits.NAMES.get(s));
        }
      }
    }
    return out;
  }

  /** Whole counts for a stratum of {@code n}: floors, then the remainder to the largest parts. */
  int[] counts(int n) {
    int[] counts = new int[3];
    double[] remainders = new double[3];
    int given = 0;
    for (int s = 0; s < 3; s++) {
      double exact = n * fractions[s];
      counts[s] = (int) Math.floor(exact + 1e-9);
      remainders[s] = exact - counts[s];
      given += counts[s];
    }
    while (given < n) {
      int best = 0;
      for (int s = 1; s < 3; s++) {
        if (remainders[s] > remainders[best] + 1e-9) {
          best = s;
        }
      }
      counts[best]++;
      remainders[best] = -1;
      given++;
    }
    return counts;
  }

  private long key(UUID id) {
    return mix(seed ^ mix(id.getMostSignificantBits()) ^ mix(id.getLeastSignificantBits() + 1));
  }

  /** SplitMix64's finaliser: a cheap, well-spread 64-bit mix. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
