package dev.switchboard.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MinHashTest {

  @Test
  void shinglesAreWordFiveGrams() {
    assertEquals(Set.of("a b c d e", "b c d e f"), MinHash.shingles("A b, c-d  e f"));
    assertEquals(Set.of("too short"), MinHash.shingles("Too short!"));
    assertEquals(Set.of(), MinHash.shingles("  ... "));
  }

  @Test
  void mulModMatchesBigIntegers() {
    Random random = new Random(1);
    BigInteger p = BigInteger.ONE.shiftLeft(61).subtract(BigInteger.ONE);
    for (int i = 0; i < 10_000; i++) {
      long a = random.nextLong() & ((1L << 61) - 1);
      long x = random.nextLong() & ((1L << 61) - 1);
      a = a % p.longValue();
      x = x % p.longValue();
      long expected = BigInteger.valueOf(a).multiply(BigInteger.valueOf(x)).mod(p).longValue();
      assertEquals(expected, MinHash.mulMod(a, x));
    }
  }

  // Two texts of 24 words sharing their first 20: shingle sets of 20 each with 16 in common,
  // Jaccard 16/24 = 2/3. The 256-permutation estimate has a standard error of about 0.03.
  @Test
  void theSignatureEstimatesJaccard() {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      words.add("w" + i);
    }
    List<String> other = new ArrayList<>(words.subList(0, 20));
    for (int i = 0; i < 4; i++) {
      other.add("x" + i);
    }
    Set<String> a = MinHash.shingles(String.join(" ", words));
    Set<String> b = MinHash.shingles(String.join(" ", other));
    assertEquals(2.0 / 3, MinHash.jaccard(a, b), 1e-12);
    MinHash mh = new MinHash(256);
    double estimate = MinHash.estimate(mh.signature(a), mh.signature(b));
    assertEquals(2.0 / 3, estimate, 0.12);
    assertEquals(1.0, MinHash.estimate(mh.signature(a), mh.signature(Set.copyOf(a))));
  }

  @Test
  void bandsPutTheCurveMidpointBelowTheThreshold() {
    LshIndex lsh = LshIndex.forThreshold(128, 0.8);
    assertEquals(16, lsh.bands());
    assertEquals(8, lsh.rows());
    LshIndex looser = LshIndex.forThreshold(256, 0.5);
    assertTrue(Math.pow(1.0 / looser.bands(), 1.0 / looser.rows()) <= 0.45);
  }

  private static DuplicateFinder.Item item(String id, String text) {
    return new DuplicateFinder.Item(
        new JsonObject().put("id", id), text, dev.switchboard.datasets.ContentHash.of(text));
  }

  @Test
  void clustersExactAndNearDuplicatesAndLeavesTheRestAlone() {
    String base =
        "please tell me how i can activate the new card that i received in the mail today";
    List<DuplicateFinder.Item> items =
        List.of(
            item("a", base),
            item("b", base.toUpperCase() + "  "),
            item("c", base.replace("today", "yesterday")),
            item("d", "what is the exchange rate for sending money abroad to my family in spain"),
            item("e", "why was i charged a fee when i withdrew cash from the atm this morning"),
            item("f", "why was i charged a fee when i withdrew cash from the atm this evening"),
            item("g", "hello"),
            item("h", " HELLO "));
    JsonObject result = new DuplicateFinder(0.8, 128).find(items, 100);
    JsonArray clusters = result.getJsonArray("clusters");
    assertEquals(3, result.getInteger("clusterCount"), clusters.encode());
    // a and b are the same text up to case and spacing; c changes one word of a's 17: 12 of its
    // 13 shingles... Jaccard 12/14 = 0.857 links it to them. e and f share 10 of 12: 0.833.
    JsonObject first = clusters.getJsonObject(0);
    assertEquals("near", first.getString("kind"));
    assertEquals(3, first.getInteger("size"));
    assertEquals(12.0 / 14, first.getDouble("similarity"), 1e-12);
    List<String> kinds = new ArrayList<>();
    for (Object o : clusters) {
      JsonObject c = (JsonObject) o;
      kinds.add(c.getString("kind") + ":" + ids(c));
    }
    assertTrue(kinds.contains("near:abc"), kinds.toString());
    assertTrue(kinds.contains("exact:gh"), kinds.toString());
    assertTrue(kinds.contains("near:ef"), kinds.toString());
  }

  private static String ids(JsonObject cluster) {
    StringBuilder sb = new StringBuilder();
    for (Object o : cluster.getJsonArray("examples")) {
      sb.append(((JsonObject) o).getString("id"));
    }
    return sb.toString();
  }
}
