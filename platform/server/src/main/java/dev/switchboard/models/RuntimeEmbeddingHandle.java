package dev.switchboard.models;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.switchboard.api.model.EmbeddingModelHandle;
import dev.switchboard.runtime.LocalEmbeddingModel;
import dev.switchboard.runtime.lc4j.RuntimeEmbeddingModel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;

/** A hosted embedding model behind the runtime's dynamic batcher, as plugins see it. */
final class RuntimeEmbeddingHandle implements EmbeddingModelHandle {

  private final Vertx vertx;
  private final LocalEmbeddingModel model;
  private final RuntimeEmbeddingModel langchain4j;

  RuntimeEmbeddingHandle(Vertx vertx, LocalEmbeddingModel model) {
    this.vertx = vertx;
    this.model = model;
    this.langchain4j = new RuntimeEmbeddingModel(model);
  }

  @Override
  public String name() {
    return model.name();
  }

  @Override
  public Future<List<float[]>> embedAsync(List<String> texts) {
    io.vertx.core.Context context = vertx.getOrCreateContext();
    Promise<List<float[]>> promise = Promise.promise();
    try {
      model
          .embed(texts)
          .whenComplete(
              (vectors, err) ->
                  context.runOnContext(
                      v -> {
                        if (err != null) {
                          promise.tryFail(Conversions.failure(err));
                        } else {
                          promise.tryComplete(vectors);
                        }
                      }));
    } catch (RuntimeException e) {
      promise.tryFail(Conversions.failure(e));
    }
    return promise.future();
  }

  @Override
  public int countTokens(String text) {
    return model.countTokens(text);
  }

  @Override
  public int maxTokens() {
    return model.maxTokens();
  }

  @Override
  public int dimension() {
    return model.dimension();
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    return langchain4j.embedAll(segments);
  }

  LocalEmbeddingModel local() {
    return model;
  }
}
