package dev.switchboard.runtime;

/**
 * Settings for a loaded encoder (embeddings or classification) and its dynamic batcher.
 *
 * @param name name the model is served under (null: the folder name)
 * @param maxBatchSize texts per forward pass
 * @param maxWaitMillis how long the batcher waits to fill a batch after the first text arrives
 * @param maxTokens texts are truncated to this many tokens (0: the model's maximum)
 * @param pooling MEAN or CLS pooling for embeddings
 * @param normalize L2-normalise embeddings
 * @param maxQueue texts that may wait before {@link QueueFullException}
 */
public record EncoderOptions(
    String name,
    int maxBatchSize,
    long maxWaitMillis,
    int maxTokens,
    Pooling pooling,
    boolean normalize,
    int maxQueue) {

  /** How token vectors become one text vector. */
  public enum Pooling {
    /** Mean over non-padding tokens (sentence-transformers default). */
    MEAN,
    /** The [CLS] token's vector (bge and similar). */
    CLS
  }

  /** Defaults: batches of 32, 5 ms wait, model max tokens, mean pooling, normalised. */
  public static EncoderOptions defaults() {
    return new EncoderOptions(null, 32, 5, 0, Pooling.MEAN, true, 4096);
  }

  /** Copy with a name. */
  public EncoderOptions withName(String v) {
    return new EncoderOptions(
        v, maxBatchSize, maxWaitMillis, maxTokens, pooling, normalize, maxQueue);
  }

  /** Copy with a batch size. */
  public EncoderOptions withMaxBatchSize(int v) {
    return new EncoderOptions(name, v, maxWaitMillis, maxTokens, pooling, normalize, maxQueue);
  }

  /** Copy with a wait time. */
  public EncoderOptions withMaxWaitMillis(long v) {
    return new EncoderOptions(name, maxBatchSize, v, maxTokens, pooling, normalize, maxQueue);
  }

  /** Copy with a token cap. */
  public EncoderOptions withMaxTokens(int v) {
    return new EncoderOptions(name, maxBatchSize, maxWaitMillis, v, pooling, normalize, maxQueue);
  }

  /** Copy with a pooling mode. */
  public EncoderOptions withPooling(Pooling v) {
    return new EncoderOptions(name, maxBatchSize, maxWaitMillis, maxTokens, v, normalize, maxQueue);
  }

  /** Copy with normalisation on or off. */
  public EncoderOptions withNormalize(boolean v) {
    return new EncoderOptions(name, maxBatchSize, maxWaitMillis, maxTokens, pooling, v, maxQueue);
  }
}
