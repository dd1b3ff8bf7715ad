package dev.switchboard.bench.retrieval;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.switchboard.api.model.EmbeddingModelHandle;
import dev.switchboard.runtime.LocalEmbeddingModel;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** The runtime's bundled MiniLM as the plugin sees it, without the server's model service. */
final class BenchEmbeddings implements EmbeddingModelHandle {

  private final LocalEmbeddingModel model;

  BenchEmbeddings(LocalEmbeddingModel model) {
    this.model = model;
  }

  @Override
  public String name() {
    return model.name();
  }

  @Override
  public Future<List<float[]>> embedAsync(List<String> texts) {
    return Future.fromCompletionStage(model.embed(texts));
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
    List<Embedding> out = new ArrayList<>();
    for (float[] v : model.embed(segments.stream().map(TextSegment::text).toList()).join()) {
      out.add(Embedding.from(v));
    }
    return Response.from(out);
  }
}
