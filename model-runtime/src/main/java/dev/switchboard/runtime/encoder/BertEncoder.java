package dev.switchboard.runtime.encoder;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.switchboard.runtime.EncoderOptions;
import dev.switchboard.runtime.text.TextTokenizer;
import java.nio.file.Path;
import java.util.List;

/**
 * A BERT encoder (MiniLM, bge, e5 and other {@code model_type: bert} checkpoints) on DJL NDArray
 * ops, with optional sequence-classification head ({@code classifier.*}); the weights and the
 * forward pass are {@link BertWeights}. Padded batches use an additive attention mask; each batch
 * runs in its own NDManager scope. Called from one batcher thread at a time.
 */
public final class BertEncoder implements TextEncoder {
  private final BertWeights weights;
  private final BertConfig cfg;
  private final NDManager manager;
  private final TextTokenizer tokenizer;
  private final EncoderOptions options;
  private final int maxTokens;

  private BertEncoder(BertWeights weights, TextTokenizer tok, EncoderOptions o) {
    this.weights = weights;
    this.cfg = weights.config();
    this.manager = weights.manager();
    this.tokenizer = tok;
    this.options = o;
    this.maxTokens =
        o.maxTokens() > 0 ? Math.min(o.maxTokens(), cfg.maxPositions()) : cfg.maxPositions();
  }

  /** Loads a BERT folder; the tokenizer comes from its tokenizer.json. */
  public static BertEncoder load(Path folder, NDManager parent, DataType type, EncoderOptions o) {
    BertWeights w = BertWeights.load(folder, parent, type);
    try {
      return new BertEncoder(w, TextTokenizer.load(folder), o);
    } catch (RuntimeException e) {
      w.close();
      throw e;
    }
  }

  @Override
  public float[][] embedBatch(List<String> texts) {
    EncodedBatch b = EncodedBatch.of(tokenizer, texts, maxTokens, 0);
    try (NDManager s = manager.newSubManager()) {
      float[] hidden = weights.hidden(s, b).toType(DataType.FLOAT32, false).toFloatArray();
      return Pooling.pool(hidden, b.mask(), cfg.hidden(), options.pooling(), options.normalize());
    }
  }

  @Override
  public float[][] classifyBatch(List<String> texts) {
    if (!weights.hasHead()) {
      throw new UnsupportedOperationException("checkpoint has no classification head");
    }
    EncodedBatch b = EncodedBatch.of(tokenizer, texts, maxTokens, 0);
    try (NDManager s = manager.newSubManager()) {
      float[] probs =
          weights.logits(s, b).softmax(-1).toType(DataType.FLOAT32, false).toFloatArray();
      int k = weights.classes();
      float[][] out = new float[texts.size()][k];
      for (int i = 0; i < out.length; i++) {
        System.arraycopy(probs, i * k, out[i], 0, k);
      }
      return out;
    }
  }

  @Override
  public List<String> labels() {
    return weights.hasHead() ? cfg.labels() : List.of();
  }

  @Override
  public int dimension() {
    return cfg.hidden();
  }

  @Override
  public int countTokens(String text) {
    return tokenizer.encode(text, true).length;
  }

  @Override
  public int maxTokens() {
    return maxTokens;
  }

  /** The manager owning the weights. */
  public NDManager manager() {
    return manager;
  }

  @Override
  public void close() {
    weights.close();
    tokenizer.close();
  }
}
