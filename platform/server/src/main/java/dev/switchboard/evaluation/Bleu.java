package dev.switchboard.evaluation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Corpus BLEU with sacreBLEU's defaults: the 13a tokenizer, case-sensitive, n-grams up to 4 with
 * clipped counts summed over the corpus, the brevity penalty {@code exp(1 - ref/hyp)} when the
 * hypotheses are shorter, and the {@code exp} smoothing: the i-th n-gram order with no match gets
 * precision {@code 1 / (2^i * total)} (i counting the orders with zero matches so far). An order
 * with no n-grams at all leaves its precision 0, so BLEU is 0. The score is on sacreBLEU's 0–100
 * scale; one reference per hypothesis.
 */
public final class Bleu {

  private static final int MAX_ORDER = 4;

  private static final Pattern[] RULES = {
    Pattern.compile("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])"),
    Pattern.compile("([^0-9])([\\.,])"),
    Pattern.compile("([\\.,])([^0-9])"),
    Pattern.compile("([0-9])(-)"),
  };
  private static final String[] REPLACEMENTS = {" $1 ", "$1 $2 ", " $1 $2", "$1 $2 "};

  private Bleu() {}

  /**
   * The corpus score.
   *
   * @return {@code [bleu, p1, p2, p3, p4, brevityPenalty, hypLength, refLength]}
   */
  public static double[] corpus(List<String> hypotheses, List<String> references) {
    long[] correct = new long[MAX_ORDER];
    long[] total = new long[MAX_ORDER];
    long hypLen = 0;
    long refLen = 0;
    for (int i = 0; i < hypotheses.size(); i++) {
      List<String> h = tokenize13a(hypotheses.get(i));
      List<String> r = tokenize13a(references.get(i));
      hypLen += h.size();
      refLen += r.size();
      for (int n = 1; n <= MAX_ORDER; n++) {
        Map<List<String>, Integer> refCounts = ngrams(r, n);
        for (Map.Entry<List<String>, Integer> e : ngrams(h, n).entrySet()) {
          correct[n - 1] += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
        }
        total[n - 1] += Math.max(0, h.size() - n + 1);
      }
    }
    double[] precisions = new double[MAX_ORDER];
    double smooth = 1;
    for (int n = 0; n < MAX_ORDER; n++) {
      if (total[n] == 0) {
        break;
      }
      if (correct[n] == 0) {
        smooth *= 2;
        precisions[n] = 100.0 / (smooth * total[n]);
      } else {
        precisions[n] = 100.0 * correct[n] / total[n];
      }
    }
    double bp = hypLen >= refLen ? 1.0 : hypLen == 0 ? 0.0 : Math.exp(1 - (double) refLen / hypLen);
    double logSum = 0;
    for (double p : precisions) {
      logSum += p == 0 ? -9_999_999_999.0 : Math.log(p);
    }
    double score = bp * Math.exp(logSum / MAX_ORDER);
    return new double[] {
      score, precisions[0], precisions[1], precisions[2], precisions[3], bp, hypLen, refLen
    };
  }

  /** sacreBLEU's 13a tokenizer (mteval-v13a's rules). */
  public static List<String> tokenize13a(String line) {
    String s = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
    if (s.indexOf('&') >= 0) {
      s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    }
    s = " " + s + " ";
    for (int i = 0; i < RULES.length; i++) {
      s = RULES[i].matcher(s).replaceAll(REPLACEMENTS[i]);
    }
    return TextMetrics.tokens(s);
  }

  private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
    Map<List<String>, Integer> out = new HashMap<>();
    for (int i = 0; i + n <= tokens.size(); i++) {
      out.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
    }
    return out;
  }
}
