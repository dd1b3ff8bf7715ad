package dev.switchboard.api.model;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.switchboard.api.ApiStatus;
import io.vertx.core.Future;
import java.util.List;

/**
 * A locally hosted embedding model behind the runtime's dynamic batcher. It is also a LangChain4j
 * {@link EmbeddingModel}.
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public interface EmbeddingModelHandle extends EmbeddingModel {

  /**
   * The model's registered name.
   *
   * @return the name, never null
   */
  String name();

  /**
   * Embeds texts without blocking; requests from many callers are batched together.
   *
   * @param texts the texts
   * @return one vector per text, in order, each {@link #dimension()} long
   */
  Future<List<float[]>> embedAsync(List<String> texts);

  /**
   * Counts tokens as the model's tokenizer does, for chunking.
   *
   * @param text the text
   * @return the number of tokens, without special tokens
   */
  int countTokens(String text);

  /**
   * The most tokens one input may have before it is truncated.
   *
   * @return a token count
   */
  int maxTokens();
}
