package dev.switchboard.datasets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * MinHash signatures over word 5-gram shingles. Each of the {@code k} permutations is the universal
 * hash {@code (a·x + b) mod (2^61 − 1)} of a shingle's 64-bit hash (as datasketch does), with
 * {@code a, b} drawn from a fixed seed so signatures are comparable across calls. The share of
 * equal signature positions estimates the Jaccard similarity of the shingle sets.
 */
public final class MinHash {

  /** Words per shingle. */
  public static final int SHINGLE_WORDS = 5;

  private static final long MERSENNE_61 = (1L << 61) - 1;

  private final long[] a;
  private final long[] b;

  /**
   * @param permutations 128 to 256 (more: a finer estimate, slower)
   */
  public MinHash(int permutations) {
    if (permutations < 16 || permutations > 1024) {
      throw new IllegalArgumentException("permutations must be between 16 and 1024");
    }
    SplittableRandom random = new SplittableRandom(0x5eed_cafe_f00dL);
    a = new long[permutations];
    b = new long[permutations];
    for (int i = 0; i < permutations; i++) {
      a[i] = 1 + random.nextLong(MERSENNE_61 - 1);
      b[i] = random.nextLong(MERSENNE_61);
    }
  }

  public int permutations() {
    return a.length;
  }

  /**
   * The word 5-gram shingles of a text, after lower-casing and splitting on anything that is not a
   * letter or digit. A text of fewer than five words is one shingle of all its words, so short
   * texts still compare.
   */
  public static Set<String> shingles(String text) {
    String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    List<String> list = new ArrayList<>();
    for (String w : words) {
      if (!w.isEmpty()) {
        list.add(w);
      }
    }
    Set<String> out = new HashSet<>();
    if (list.isEmpty()) {
      return out;
    }
    if (list.size() < SHINGLE_WORDS) {
      out.add(String.join(" ", list));
      return out;
    }
    for (int i = 0; i + SHINGLE_WORDS <= list.size(); i++) {
      out.add(String.join(" ", list.subList(i, i + SHINGLE_WORDS)));
    }
    return out;
  }

  /** The signature of a shingle set; an empty set has all positions at the maximum. */
  public long[] signature(Set<String> shingles) {
    long[] sig = new long[a.length];
    java.util.Arrays.fill(sig, Long.MAX_VALUE);
    for (String s : shingles) {
      long x = hash64(s) & MERSENNE_61;
      for (int i = 0; i < a.length; i++) {
        long h = mulMod(a[i], x) + b[i];
        if (h >= MERSENNE_61) {
          h -= MERSENNE_61;
        }
        if (h < sig[i]) {
          sig[i] = h;
        }
      }
    }
    return sig;
  }

  /** The estimated Jaccard similarity: the share of equal positions. */
  public static double estimate(long[] x, long[] y) {
    int same = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] == y[i]) {
        same++;
      }
    }
    return (double) same / x.length;
  }

  /** The exact Jaccard similarity of two sets. */
  public static double jaccard(Set<String> x, Set<String> y) {
    if (x.isEmpty() && y.isEmpty()) {
      return 1.0;
    }
    int common = 0;
    for (String s : x) {
      if (y.contains(s)) {
        common++;
      }
    }
    return (double) common / (x.size() + y.size() - common);
  }

  /** {@code a·x mod (2^61 − 1)} without overflow, for a, x below 2^61. */
  static long mulMod(long a, long x) {
    long hi = Math.multiplyHigh(a, x);
    long lo = a * x;
    // a·x = hi·2^64 + lo (lo unsigned); fold with 2^61 ≡ 1.
    long low61 = lo & MERSENNE_61;
    long rest = (lo >>> 61) | (hi << 3);
    long r = low61 + rest;
    r = (r & MERSENNE_61) + (r >>> 61);
    return r >= MERSENNE_61 ? r - MERSENNE_61 : r;
  }

  /** FNV-1a over UTF-8, finished with SplitMix64's mix for well-spread bits. */
  static long hash64(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= c & 0xff;
      h *= 0x100000001b3L;
    }
    return Splitter.mix(h);
  }
}
