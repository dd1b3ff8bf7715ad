package dev.switchboard.datasets;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups a dataset's examples into duplicate clusters for review: exact duplicates share a content
 * hash; near duplicates are found by MinHash + LSH over word 5-gram shingles and kept when the
 * exact Jaccard similarity of their shingle sets reaches the threshold. Clusters are connected
 * components of those links (so a chain a~b~c is one cluster); a cluster is {@code exact} when all
 * its members share one hash, {@code near} otherwise.
 */
public final class DuplicateFinder {

  /**
   * One example to compare.
   *
   * @param json its API form (kept as is in the cluster listing)
   * @param text the text compared
   * @param hash its content hash
   */
  public record Item(JsonObject json, String text, String hash) {}

  private final double threshold;
  private final MinHash minHash;

  public DuplicateFinder(double threshold, int permutations) {
    if (threshold <= 0 || threshold > 1) {
      throw new IllegalArgumentException("threshold must be in (0, 1]");
    }
    this.threshold = threshold;
    this.minHash = new MinHash(permutations);
  }

  /**
   * The clusters, largest first.
   *
   * @return {@code {"threshold","permutations","bands","rows","clusterCount","clusters":[{"kind",
   *     "size","similarity","examples":[..]}]}}, at most {@code limit} clusters listed
   */
  public JsonObject find(List<Item> items, int limit) {
    // Exact duplicates collapse to one representative; only representatives go through LSH.
    Map<String, List<Item>> byHash = new LinkedHashMap<>();
    for (Item item : items) {
      byHash.computeIfAbsent(item.hash(), k -> new ArrayList<>()).add(item);
    }
    List<List<Item>> groups = new ArrayList<>(byHash.values());
    List<Set<String>> shingles = new ArrayList<>(groups.size());
    LshIndex lsh = LshIndex.forThreshold(minHash.permutations(), threshold);
    for (int i = 0; i < groups.size(); i++) {
      Set<String> s = MinHash.shingles(groups.get(i).get(0).text());
      shingles.add(s);
      if (!s.isEmpty()) {
        lsh.add(i, minHash.signature(s));
      }
    }
    int[] parent = new int[groups.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    Map<Integer, Double> weakestLink = new HashMap<>();
    Set<Long> checked = new HashSet<>();
    for (List<Integer> bucket : lsh.candidateGroups()) {
      for (int x = 0; x < bucket.size(); x++) {
        for (int y = x + 1; y < bucket.size(); y++) {
          int a = Math.min(bucket.get(x), bucket.get(y));
          int b = Math.max(bucket.get(x), bucket.get(y));
          if (!checked.add(((long) a << 32) | b)) {
            continue;
          }
          double j = MinHash.jaccard(shingles.get(a), shingles.get(b));
          if (j >= threshold) {
            int ra = find(parent, a);
            int rb = find(parent, b);
            double link =
                Math.min(
                    j,
                    Math.min(weakestLink.getOrDefault(ra, 1.0), weakestLink.getOrDefault(rb, 1.0)));
            parent[ra] = rb;
            weakestLink.put(rb, link);
          }
        }
      }
    }
    Map<Integer, List<Integer>> components = new LinkedHashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      components.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
    }
    List<JsonObject> clusters = new ArrayList<>();
    for (Map.Entry<Integer, List<Integer>> c : components.entrySet()) {
      List<Integer> members = c.getValue();
      int size = members.stream().mapToInt(i -> groups.get(i).size()).sum();
      if (size < 2) {
        continue;
      }
      JsonArray examples = new JsonArray();
      for (int g : members) {
        for (Item item : groups.get(g)) {
          examples.add(item.json());
        }
      }
      boolean exact = members.size() == 1;
      clusters.add(
          new JsonObject()
              .put("kind", exact ? "exact" : "near")
              .put("size", size)
              .put("similarity", exact ? 1.0 : weakestLink.getOrDefault(c.getKey(), threshold))
              .put("examples", examples));
    }
    clusters.sort(Comparator.comparingInt((JsonObject o) -> -o.getInteger("size")));
    JsonArray listed = new JsonArray();
    clusters.stream().limit(limit).forEach(listed::add);
    return new JsonObject()
        .put("threshold", threshold)
        .put("permutations", minHash.permutations())
        .put("bands", lsh.bands())
        .put("rows", lsh.rows())
        .put("clusterCount", clusters.size())
        .put("clusters", listed);
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }
}
