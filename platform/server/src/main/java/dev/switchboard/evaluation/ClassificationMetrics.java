package dev.switchboard.evaluation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.TreeSet;

/**
 * Accuracy, macro-averaged precision/recall/F1, per-class precision/recall/F1/support and the
 * confusion matrix. Classes are the union of expected and predicted labels (as scikit-learn does);
 * a class never predicted has precision 0, a class never expected recall 0, and F1 0 when both are
 * 0.
 */
public final class ClassificationMetrics {

  private ClassificationMetrics() {}

  /**
   * The metrics of one run.
   *
   * @param expected the true labels
   * @param predicted the predicted labels, in the same order (null: no answer, counted wrong)
   * @return {@code {"accuracy","macroF1","macroPrecision","macroRecall","perClass":{label:
   *     {"precision","recall","f1","support"}},"confusion":{"labels":[..],"matrix":[[..]]}}}; rows
   *     of the matrix are expected labels, columns predicted
   */
  public static JsonObject compute(List<String> expected, List<String> predicted) {
    if (expected.size() != predicted.size()) {
      throw new IllegalArgumentException("expected and predicted differ in length");
    }
    TreeSet<String> classes = new TreeSet<>(expected);
    for (String p : predicted) {
      if (p != null) {
        classes.add(p);
      }
    }
    List<String> labels = List.copyOf(classes);
    int k = labels.size();
    long[][] matrix = new long[k][k];
    int correct = 0;
    for (int i = 0; i < expected.size(); i++) {
      String e = expected.get(i);
      String p = predicted.get(i);
      if (e.equals(p)) {
        correct++;
      }
      if (p != null) {
        matrix[labels.indexOf(e)][labels.indexOf(p)]++;
      }
    }
    JsonObject perClass = new JsonObject();
    double sumP = 0;
    double sumR = 0;
    double sumF = 0;
    for (int c = 0; c < k; c++) {
      long tp = matrix[c][c];
      long predictedAs = 0;
      for (int r = 0; r < k; r++) {
        predictedAs += matrix[r][c];
      }
      long support = expected.stream().filter(labels.get(c)::equals).count();
      double precision = predictedAs == 0 ? 0 : (double) tp / predictedAs;
      double recall = support == 0 ? 0 : (double) tp / support;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      sumP += precision;
      sumR += recall;
      sumF += f1;
      perClass.put(
          labels.get(c),
          new JsonObject()
              .put("precision", precision)
              .put("recall", recall)
              .put("f1", f1)
              .put("support", support));
    }
    JsonArray rows = new JsonArray();
    for (long[] row : matrix) {
      JsonArray r = new JsonArray();
      for (long v : row) {
        r.add(v);
      }
      rows.add(r);
    }
    int n = expected.size();
    return new JsonObject()
        .put("count", n)
        .put("accuracy", n == 0 ? 0.0 : (double) correct / n)
        .put("macroPrecision", k == 0 ? 0.0 : sumP / k)
        .put("macroRecall", k == 0 ? 0.0 : sumR / k)
        .put("macroF1", k == 0 ? 0.0 : sumF / k)
        .put("perClass", perClass)
        .put(
            "confusion", new JsonObject().put("labels", new JsonArray(labels)).put("matrix", rows));
  }
}
