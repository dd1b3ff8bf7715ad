package dev.switchboard.datasets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Locality-sensitive hashing over MinHash signatures: the signature is cut into {@code b} bands of
 * {@code r} rows, and two items whose signatures agree on a whole band become a candidate pair. The
 * probability that a pair of similarity s is found is {@code 1 − (1 − s^r)^b}; {@link
 * #forThreshold} picks b and r (b·r = the signature length) so that the curve's midpoint {@code
 * (1/b)^(1/r)} sits at or below the threshold — recall first, since candidates are verified
 * afterwards.
 */
public final class LshIndex {

  private final int bands;
  private final int rows;
  private final List<Map<Long, List<Integer>>> buckets = new ArrayList<>();

  public LshIndex(int bands, int rows) {
    this.bands = bands;
    this.rows = rows;
    for (int i = 0; i < bands; i++) {
      buckets.add(new HashMap<>());
    }
  }

  /**
   * Bands and rows for a signature length and similarity threshold: the most rows per band (the
   * fewest false candidates) whose midpoint is still at most {@code threshold − 0.05}.
   */
  public static LshIndex forThreshold(int permutations, double threshold) {
    int bestBands = permutations;
    int bestRows = 1;
    for (int r = 1; r <= permutations; r++) {
      if (permutations % r != 0) {
        continue;
      }
      int b = permutations / r;
      double midpoint = Math.pow(1.0 / b, 1.0 / r);
      if (midpoint <= Math.max(0.05, threshold - 0.05)) {
        bestBands = b;
        bestRows = r;
      }
    }
    return new LshIndex(bestBands, bestRows);
  }

  public int bands() {
    return bands;
  }

  public int rows() {
    return rows;
  }

  /** Adds item {@code id}'s signature. */
  public void add(int id, long[] signature) {
    for (int band = 0; band < bands; band++) {
      // A 64-bit digest of the band's rows; a rare collision only adds a candidate to verify.
      long key = band;
      for (int i = band * rows; i < (band + 1) * rows; i++) {
        key = Splitter.mix(key ^ signature[i]);
      }
      buckets.get(band).computeIfAbsent(key, k -> new ArrayList<>()).add(id);
    }
  }

  /** Every bucket with two or more items (a pair may show up in several). */
  public List<List<Integer>> candidateGroups() {
    List<List<Integer>> out = new ArrayList<>();
    for (Map<Long, List<Integer>> band : buckets) {
      for (List<Integer> ids : band.values()) {
        if (ids.size() > 1) {
          out.add(ids);
        }
      }
    }
    return out;
  }
}
