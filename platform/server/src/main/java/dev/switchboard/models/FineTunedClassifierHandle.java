package dev.switchboard.models;

import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.model.ClassifierModelHandle;
import dev.switchboard.runtime.LocalEmbeddingModel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/**
 * A fine-tuned encoder version as plugins see it: the whole model (encoder and head) runs behind
 * its own dynamic batcher on the runtime's threads. The model loads off the event loop on the first
 * request and stays loaded.
 */
final class FineTunedClassifierHandle implements ClassifierModelHandle {

  private final Vertx vertx;
  private final ClassifierVersion version;
  private final Supplier<Future<LocalEmbeddingModel>> model;

  FineTunedClassifierHandle(
      Vertx vertx, ClassifierVersion version, Supplier<Future<LocalEmbeddingModel>> model) {
    this.vertx = vertx;
    this.version = version;
    this.model = model;
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
    return version.labels();
  }

  @Override
  public Future<List<Classification>> classify(List<String> texts) {
    Context context = vertx.getOrCreateContext();
    return model
        .get()
        .compose(
            m -> {
              Promise<List<Classification>> promise = Promise.promise();
              m.classify(texts)
                  .thenApply(p -> RuntimeClassifierHandle.classifications(m.labels(), p))
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
              return promise.future();
            });
  }
}
