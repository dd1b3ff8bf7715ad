package dev.switchboard.runtime.lc4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.switchboard.runtime.LocalEmbeddingModel;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * LangChain4j {@link EmbeddingModel} over a {@link LocalEmbeddingModel}; {@code embedAll} goes
 * through the model's dynamic batcher, so concurrent callers share forward passes.
 */
public final class RuntimeEmbeddingModel implements EmbeddingModel {
  private final LocalEmbeddingModel model;

  /** Wraps a loaded model. */
  public RuntimeEmbeddingModel(LocalEmbeddingModel model) {
    this.model = model;
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    List<String> texts = segments.stream().map(TextSegment::text).toList();
    try {
      List<Embedding> out = model.embed(texts).join().stream().map(Embedding::from).toList();
      int tokens = texts.stream().mapToInt(model::countTokens).sum();
      return Response.from(out, new TokenUsage(tokens));
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  @Override
  public int dimension() {
    return model.dimension();
  }

  @Override
  public String modelName() {
    return model.name();
  }
}
