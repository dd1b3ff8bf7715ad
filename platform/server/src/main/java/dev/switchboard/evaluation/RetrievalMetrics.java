package dev.switchboard.evaluation;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Ranking metrics for one query and their means over a run: recall@k (share of the relevant
 * documents found in the top k), reciprocal rank (1/rank of the first relevant result, 0 when none)
 * and nDCG@10 (gain {@code rel / log2(rank + 1)}, relevance 1 for binary judgements or the grade
 * given, normalised by the ideal ordering of the judged documents).
 */
public final class RetrievalMetrics {

  /** The cut-offs recall is reported at. */
  public static final int[] RECALL_AT = {1, 5, 10};

  private RetrievalMetrics() {}

  /**
   * Per-query scores.
   *
   * @param ranked the retrieved document ids, best first (duplicates count once, at their best
   *     rank)
   * @param relevance the relevant ids with their grade (1 for binary)
   * @return {@code {"recall@1","recall@5","recall@10","mrr","ndcg@10"}}
   */
  public static JsonObject query(List<String> ranked, Map<String, Double> relevance) {
    List<String> unique = ranked.stream().distinct().toList();
    JsonObject out = new JsonObject();
    long relevant = relevance.values().stream().filter(g -> g > 0).count();
    for (int k : RECALL_AT) {
      long found =
          unique.stream().limit(k).filter(id -> relevance.getOrDefault(id, 0.0) > 0).count();
      out.put("recall@" + k, relevant == 0 ? 0.0 : (double) found / relevant);
    }
    double rr = 0;
    for (int i = 0; i < unique.size(); i++) {
      if (relevance.getOrDefault(unique.get(i), 0.0) > 0) {
        rr = 1.0 / (i + 1);
        break;
      }
    }
    out.put("mrr", rr);
    double dcg = 0;
    for (int i = 0; i < Math.min(10, unique.size()); i++) {
      dcg += relevance.getOrDefault(unique.get(i), 0.0) / log2(i + 2);
    }
    List<Double> ideal =
        relevance.values().stream()
            .filter(g -> g > 0)
            .sorted((a, b) -> Double.compare(b, a))
            .toList();
    double idcg = 0;
    for (int i = 0; i < Math.min(10, ideal.size()); i++) {
      idcg += ideal.get(i) / log2(i + 2);
    }
    out.put("ndcg@10", idcg == 0 ? 0.0 : dcg / idcg);
    return out;
  }

  /** The mean of each per-query score over a run. */
  public static JsonObject mean(List<JsonObject> perQuery) {
    JsonObject out = new JsonObject().put("count", perQuery.size());
    if (perQuery.isEmpty()) {
      return out;
    }
    for (String key : perQuery.get(0).fieldNames()) {
      double sum = 0;
      for (JsonObject q : perQuery) {
        sum += q.getDouble(key);
      }
      out.put(key, sum / perQuery.size());
    }
    return out;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
