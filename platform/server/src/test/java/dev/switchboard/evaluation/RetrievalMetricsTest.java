package dev.switchboard.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrievalMetricsTest {

  // ranked d3 d1 d5 d2, relevant d1 d2 d9:
  //   recall@1 0, recall@5 2/3, MRR 1/2 (first hit at rank 2),
  //   DCG = 1/log2(3) + 1/log2(5); IDCG = 1 + 1/log2(3) + 1/log2(4) -> nDCG 0.498189...
  @Test
  void handComputedQuery() {
    JsonObject q =
        RetrievalMetrics.query(
            List.of("d3", "d1", "d5", "d2"), Map.of("d1", 1.0, "d2", 1.0, "d9", 1.0));
    assertEquals(0.0, q.getDouble("recall@1"));
    assertEquals(2.0 / 3, q.getDouble("recall@5"), 1e-12);
    assertEquals(2.0 / 3, q.getDouble("recall@10"), 1e-12);
    assertEquals(0.5, q.getDouble("mrr"), 1e-12);
    assertEquals(0.49818925746641285, q.getDouble("ndcg@10"), 1e-12);
  }

  @Test
  void perfectAndEmptyRankingsAndMeans() {
    JsonObject perfect = RetrievalMetrics.query(List.of("a", "b"), Map.of("a", 1.0, "b", 1.0));
    assertEquals(1.0, perfect.getDouble("ndcg@10"), 1e-12);
    assertEquals(1.0, perfect.getDouble("mrr"));
    JsonObject none = RetrievalMetrics.query(List.of(), Map.of("a", 1.0));
    assertEquals(0.0, none.getDouble("ndcg@10"));
    JsonObject mean = RetrievalMetrics.mean(List.of(perfect, none));
    assertEquals(0.5, mean.getDouble("mrr"), 1e-12);
    assertEquals(2, mean.getInteger("count"));
  }
}
