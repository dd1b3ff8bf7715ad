package dev.switchboard.evaluation;

import dev.switchboard.datasets.Task;
import dev.switchboard.datasets.VersionExample;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Scores answers against examples, one at a time and over a whole run. */
final class EvalScoring {

  private EvalScoring() {}

  static JsonObject expected(Task task, VersionExample e) {
    return switch (task) {
      case CLASSIFICATION -> new JsonObject().put("label", e.label());
      case CHAT -> new JsonObject().put("content", content(e.output()));
      case RETRIEVAL ->
          new JsonObject()
              .put(
                  "relevant",
                  e.output() == null ? new JsonArray() : e.output().getJsonArray("relevant"));
    };
  }

  /** The result for a classification answer ({@code {"label","score","scores"}}). */
  static EvalResult classification(int seq, VersionExample e, JsonObject answer, int latencyMs) {
    String label = answer.getString("label");
    boolean correct = e.label().equals(label);
    JsonObject actual = new JsonObject().put("label", label).put("score", answer.getValue("score"));
    return new EvalResult(
        seq,
        e.id(),
        expected(Task.CLASSIFICATION, e),
        actual,
        correct,
        new JsonObject().put("primary", correct ? 1.0 : 0.0),
        latencyMs);
  }

  /** The result for a chat answer (a {@code ChatResult} JSON). */
  static EvalResult chat(int seq, VersionExample e, JsonObject answer, int latencyMs) {
    JsonObject message = answer.getJsonObject("message", new JsonObject());
    String content = message.getString("content", "");
    String reference = content(e.output());
    double em = TextMetrics.exactMatch(content, reference);
    double f1 = TextMetrics.tokenF1(content, reference);
    JsonObject scores =
        new JsonObject()
            .put("exactMatch", em)
            .put("f1", f1)
            .put("rougeL", TextMetrics.rougeL(content, reference))
            .put("primary", f1);
    return new EvalResult(
        seq,
        e.id(),
        expected(Task.CHAT, e),
        new JsonObject().put("content", content),
        em == 1.0,
        scores,
        latencyMs);
  }

  /** The result for a retrieval answer ({@code {"results":[{"documentId",..}]}}). */
  static EvalResult retrieval(int seq, VersionExample e, JsonObject answer, int latencyMs) {
    List<String> ranked = new ArrayList<>();
    for (Object o : answer.getJsonArray("results", new JsonArray())) {
      ranked.add(((JsonObject) o).getString("documentId"));
    }
    JsonObject scores = RetrievalMetrics.query(ranked, relevance(e));
    scores.put("primary", scores.getDouble("ndcg@10"));
    return new EvalResult(
        seq,
        e.id(),
        expected(Task.RETRIEVAL, e),
        new JsonObject().put("ranked", new JsonArray(ranked)),
        scores.getDouble("recall@10") > 0,
        scores,
        latencyMs);
  }

  /** A failed request's result: wrong, scored 0, the error kept. */
  static EvalResult failed(Task task, int seq, VersionExample e, String code, String message) {
    return new EvalResult(
        seq,
        e.id(),
        expected(task, e),
        new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)),
        false,
        new JsonObject().put("primary", 0.0),
        0);
  }

  /**
   * The run's metrics from its results (in order). Failed requests count as wrong answers and are
   * also reported as {@code errors}.
   */
  static JsonObject metrics(Task task, List<VersionExample> examples, List<EvalResult> results) {
    int errors = 0;
    for (EvalResult r : results) {
      if (r.actual().containsKey("error")) {
        errors++;
      }
    }
    JsonObject metrics =
        switch (task) {
          case CLASSIFICATION -> {
            List<String> expected = new ArrayList<>();
            List<String> predicted = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
              expected.add(examples.get(i).label());
              predicted.add(results.get(i).actual().getString("label"));
            }
            yield ClassificationMetrics.compute(expected, predicted);
          }
          case CHAT -> {
            double em = 0;
            double f1 = 0;
            double rouge = 0;
            List<String> hyps = new ArrayList<>();
            List<String> refs = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
              JsonObject s = results.get(i).scores();
              em += s.getDouble("exactMatch", 0.0);
              f1 += s.getDouble("f1", 0.0);
              rouge += s.getDouble("rougeL", 0.0);
              hyps.add(results.get(i).actual().getString("content", ""));
              refs.add(content(examples.get(i).output()));
            }
            int n = Math.max(1, results.size());
            double[] bleu = Bleu.corpus(hyps, refs);
            yield new JsonObject()
                .put("count", results.size())
                .put("exactMatch", em / n)
                .put("f1", f1 / n)
                .put("rougeL", rouge / n)
                .put("bleu", bleu[0])
                .put(
                    "bleuDetail",
                    new JsonObject()
                        .put(
                            "precisions",
                            new JsonArray().add(bleu[1]).add(bleu[2]).add(bleu[3]).add(bleu[4]))
                        .put("brevityPenalty", bleu[5])
                        .put("hypLength", (long) bleu[6])
                        .put("refLength", (long) bleu[7])
                        .put("tokenizer", "13a")
                        .put("smoothing", "exp"));
          }
          case RETRIEVAL -> {
            List<JsonObject> perQuery = new ArrayList<>();
            for (EvalResult r : results) {
              JsonObject s = r.scores().copy();
              s.remove("primary");
              if (!s.containsKey("mrr")) {
                s = RetrievalMetrics.query(List.of(), Map.of("-", 1.0));
              }
              perQuery.add(s);
            }
            yield RetrievalMetrics.mean(perQuery);
          }
        };
    return metrics.put("errors", errors);
  }

  static Map<String, Double> relevance(VersionExample e) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (e.output() == null) {
      return out;
    }
    Object relevant = e.output().getValue("relevant");
    if (relevant instanceof JsonArray ids) {
      for (Object id : ids) {
        out.put(String.valueOf(id), 1.0);
      }
    } else if (relevant instanceof JsonObject graded) {
      for (String id : graded.fieldNames()) {
        out.put(id, graded.getDouble(id));
      }
    }
    return out;
  }

  static String content(JsonObject output) {
    if (output == null) {
      return "";
    }
    Object c = output.getValue("content");
    return c instanceof String s ? s : output.encode();
  }

  static UUID id(VersionExample e) {
    return e.id();
  }
}
