package dev.switchboard.plugins.classifier;

import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.model.EmbeddingModelHandle;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zero-shot classification: the softmax, at a temperature, of the cosine similarities between a
 * text's embedding and each label description's. Label descriptions are embedded together with the
 * texts, in one batch, so nothing is cached across calls and a config edit applies at once.
 */
final class ZeroShot {
  private ZeroShot() {}

  static Future<List<Classification>> classify(
      ZeroShotSpec spec, EmbeddingModelHandle model, List<String> texts) {
    List<String> labels = new ArrayList<>(spec.labels().keySet());
    List<String> all = new ArrayList<>(spec.labels().values());
    all.addAll(texts);
    return model
        .embedAsync(all)
        .map(
            vectors -> {
              List<float[]> descriptions = vectors.subList(0, labels.size());
              List<Classification> out = new ArrayList<>(texts.size());
              for (float[] v : vectors.subList(labels.size(), vectors.size())) {
                out.add(score(labels, descriptions, v, spec.temperature()));
              }
              return out;
            });
  }

  static Classification score(
      List<String> labels, List<float[]> descriptions, float[] text, double temperature) {
    double[] z = new double[labels.size()];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < z.length; i++) {
      z[i] = cosine(text, descriptions.get(i)) / temperature;
      max = Math.max(max, z[i]);
    }
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      z[i] = Math.exp(z[i] - max);
      sum += z[i];
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    int best = 0;
    for (int i = 0; i < z.length; i++) {
      z[i] /= sum;
      scores.put(labels.get(i), z[i]);
      if (z[i] > z[best]) {
        best = i;
      }
    }
    return new Classification(labels.get(best), z[best], scores);
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
