package dev.switchboard.models;

import dev.switchboard.api.TaskException;
import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.model.ClassifierModelHandle;
import dev.switchboard.runtime.LocalEmbeddingModel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained classifier version as plugins see it: texts go through the head's embedding model's
 * dynamic batcher, and the head (a few hundred thousand multiply-adds per text) runs on the thread
 * that completes the embeddings, the runtime's, never the event loop.
 */
final class RuntimeClassifierHandle implements ClassifierModelHandle {

  private final Vertx vertx;
  private final ClassifierVersion version;
  private final LocalEmbeddingModel embeddings;

  RuntimeClassifierHandle(Vertx vertx, ClassifierVersion version, LocalEmbeddingModel embeddings) {
    if (embeddings.dimension() != version.head().inputDim()) {
      throw TaskException.unavailable(
          "classifier "
              + version.name()
              + "@"
              + version.version()
              + " expects "
              + version.head().inputDim()
              + "-dimensional embeddings but "
              + embeddings.name()
              + " gives "
              + embeddings.dimension());
    }
    this.vertx = vertx;
    this.version = version;
    this.embeddings = embeddings;
  }

  @Override
  public String name() {
    return version.name();
  }

  @Override
  public int version() {
    return version.version();
  }

  @Override
  public List<String> labels() {
    return version.head().labels();
  }

  @Override
  public Future<List<Classification>> classify(List<String> texts) {
    Context context = vertx.getOrCreateContext();
    Promise<List<Classification>> promise = Promise.promise();
    try {
      embeddings
          .embed(texts)
          .thenApply(this::apply)
          .whenComplete(
              (results, err) ->
                  context.runOnContext(
                      v -> {
                        if (err != null) {
                          promise.tryFail(Conversions.failure(err));
                        } else {
                          promise.tryComplete(results);
                        }
                      }));
    } catch (RuntimeException e) {
      promise.tryFail(Conversions.failure(e));
    }
    return promise.future();
  }

  private List<Classification> apply(List<float[]> vectors) {
    return classifications(version.labels(), version.head().classify(vectors));
  }

  /** One classification per probability vector over {@code labels}. */
  static List<Classification> classifications(List<String> labels, List<float[]> probabilities) {
    List<Classification> out = new ArrayList<>(probabilities.size());
    for (float[] p : probabilities) {
      Map<String, Double> scores = new LinkedHashMap<>();
      int best = 0;
      for (int i = 0; i < p.length; i++) {
        scores.put(labels.get(i), (double) p[i]);
        if (p[i] > p[best]) {
          best = i;
        }
      }
      out.add(new Classification(labels.get(best), p[best], scores));
    }
    return out;
  }
}
