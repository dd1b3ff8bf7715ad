package dev.switchboard.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Answer-against-reference metrics for chat: exact match and token F1 after SQuAD normalisation,
 * and ROUGE-L F1 over lower-cased alphanumeric tokens (as Google's rouge-score tokenises). All in
 * [0, 1]. Corpus BLEU is {@link Bleu}.
 */
public final class TextMetrics {

  private static final Pattern PUNCTUATION = Pattern.compile("\\p{Punct}");
  private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
  private static final Pattern NON_ALNUM = Pattern.compile("[^a-z0-9]+");

  private TextMetrics() {}

  /**
   * SQuAD's normalize_answer: lower case, remove punctuation, remove the articles a/an/the,
   * collapse whitespace.
   */
  public static String squadNormalize(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    String noPunct = PUNCTUATION.matcher(lower).replaceAll("");
    String noArticles = ARTICLES.matcher(noPunct).replaceAll(" ");
    return String.join(" ", tokens(noArticles));
  }

  /** 1 when the normalised answers are equal, else 0. */
  public static double exactMatch(String prediction, String reference) {
    return squadNormalize(prediction).equals(squadNormalize(reference)) ? 1.0 : 0.0;
  }

  /** SQuAD token F1: harmonic mean of token precision and recall over the normalised bags. */
  public static double tokenF1(String prediction, String reference) {
    List<String> p = tokens(squadNormalize(prediction));
    List<String> r = tokens(squadNormalize(reference));
    if (p.isEmpty() || r.isEmpty()) {
      // SQuAD: when either is empty, F1 is 1 if both are, else 0.
      return p.isEmpty() && r.isEmpty() ? 1.0 : 0.0;
    }
    int common = overlap(p, r);
    if (common == 0) {
      return 0.0;
    }
    double precision = (double) common / p.size();
    double recall = (double) common / r.size();
    return 2 * precision * recall / (precision + recall);
  }

  /** ROUGE-L F1: longest common token subsequence against both lengths. */
  public static double rougeL(String prediction, String reference) {
    List<String> p = rougeTokens(prediction);
    List<String> r = rougeTokens(reference);
    if (p.isEmpty() || r.isEmpty()) {
      return 0.0;
    }
    int lcs = lcs(p, r);
    if (lcs == 0) {
      return 0.0;
    }
    double precision = (double) lcs / p.size();
    double recall = (double) lcs / r.size();
    return 2 * precision * recall / (precision + recall);
  }

  static List<String> rougeTokens(String s) {
    return tokens(NON_ALNUM.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" "));
  }

  static int lcs(List<String> a, List<String> b) {
    int[] prev = new int[b.size() + 1];
    int[] cur = new int[b.size() + 1];
    for (int i = 1; i <= a.size(); i++) {
      for (int j = 1; j <= b.size(); j++) {
        cur[j] =
            a.get(i - 1).equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.size()];
  }

  static int overlap(List<String> a, List<String> b) {
    Map<String, Integer> counts = new HashMap<>();
    for (String t : b) {
      counts.merge(t, 1, Integer::sum);
    }
    int common = 0;
    for (String t : a) {
      Integer c = counts.get(t);
      if (c != null && c > 0) {
        common++;
        counts.put(t, c - 1);
      }
    }
    return common;
  }

  static List<String> tokens(String s) {
    String stripped = s.strip();
    return stripped.isEmpty() ? new ArrayList<>() : Arrays.asList(stripped.split("\\s+"));
  }
}
