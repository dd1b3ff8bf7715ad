package dev.switchboard.runtime;

/**
 * Settings for a loaded chat model.
 *
 * @param name name the model is served under (null: the folder name)
 * @param maxBatchSize sequences decoded together per step (batch slots)
 * @param maxQueue requests that may wait for a slot before {@link QueueFullException}
 * @param kvCacheBudgetBytes memory for the KV cache; with maxBatchSize it fixes the longest
 *     sequence a slot holds (capped by the model's context length and {@code maxSequenceLength})
 * @param maxSequenceLength cap on prompt plus completion tokens (0: the model's context length)
 * @param prefillChunk prompt tokens processed per scheduler step, so a long prompt does not stall
 *     the running batch
 */
public record ChatModelOptions(
    String name,
    int maxBatchSize,
    int maxQueue,
    long kvCacheBudgetBytes,
    int maxSequenceLength,
    int prefillChunk) {

  /** Defaults: 8 slots, 64 queued, 512 MiB KV cache, 4096 tokens, 512-token prefill chunks. */
  public static ChatModelOptions defaults() {
    return new ChatModelOptions(null, 8, 64, 512L << 20, 4096, 512);
  }

  /** Copy with a name. */
  public ChatModelOptions withName(String v) {
    return new ChatModelOptions(
        v, maxBatchSize, maxQueue, kvCacheBudgetBytes, maxSequenceLength, prefillChunk);
  }

  /** Copy with a batch size. */
  public ChatModelOptions withMaxBatchSize(int v) {
    return new ChatModelOptions(
        name, v, maxQueue, kvCacheBudgetBytes, maxSequenceLength, prefillChunk);
  }

  /** Copy with a queue bound. */
  public ChatModelOptions withMaxQueue(int v) {
    return new ChatModelOptions(
        name, maxBatchSize, v, kvCacheBudgetBytes, maxSequenceLength, prefillChunk);
  }

  /** Copy with a KV cache budget. */
  public ChatModelOptions withKvCacheBudgetBytes(long v) {
    return new ChatModelOptions(name, maxBatchSize, maxQueue, v, maxSequenceLength, prefillChunk);
  }

  /** Copy with a sequence length cap. */
  public ChatModelOptions withMaxSequenceLength(int v) {
    return new ChatModelOptions(name, maxBatchSize, maxQueue, kvCacheBudgetBytes, v, prefillChunk);
  }

  /** Copy with a prefill chunk size. */
  public ChatModelOptions withPrefillChunk(int v) {
    return new ChatModelOptions(
        name, maxBatchSize, maxQueue, kvCacheBudgetBytes, maxSequenceLength, v);
  }
}
