package dev.switchboard.runtime.encoder;

import dev.switchboard.runtime.EncoderOptions;
import dev.switchboard.runtime.LocalEmbeddingModel;
import dev.switchboard.runtime.schedule.DynamicBatcher;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link LocalEmbeddingModel} over any {@link TextEncoder}, with a {@link DynamicBatcher} in front
 * of embedding and (when the encoder has a head) classification.
 */
public final class BatchedEmbeddingModel implements LocalEmbeddingModel {
  private final String name;
  private final TextEncoder encoder;
  private final DynamicBatcher<String, float[]> embedBatcher;
  private final DynamicBatcher<String, float[]> classifyBatcher;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Wraps an encoder; the batchers' threads start now. */
  public BatchedEmbeddingModel(String name, TextEncoder encoder, EncoderOptions o) {
    this.name = name;
    this.encoder = encoder;
    this.embedBatcher =
        new DynamicBatcher<>(
            name,
            o.maxBatchSize(),
            o.maxWaitMillis(),
            o.maxQueue(),
            encoder.parallelism(),
            t -> Arrays.asList(encoder.embedBatch(t)));
    this.classifyBatcher =
        encoder.labels().isEmpty()
            ? null
            : new DynamicBatcher<>(
                name + "-cls",
                o.maxBatchSize(),
                o.maxWaitMillis(),
                o.maxQueue(),
                encoder.parallelism(),
                t -> Arrays.asList(encoder.classifyBatch(t)));
  }

  @Override
  public CompletableFuture<List<float[]>> embed(List<String> texts) {
    return embedBatcher.submitAll(texts);
  }

  @Override
  public CompletableFuture<List<float[]>> classify(List<String> texts) {
    if (classifyBatcher == null) {
      return LocalEmbeddingModel.super.classify(texts);
    }
    return classifyBatcher.submitAll(texts);
  }

  @Override
  public List<String> labels() {
    return encoder.labels();
  }

  @Override
  public int dimension() {
    return encoder.dimension();
  }

  @Override
  public int countTokens(String text) {
    return encoder.countTokens(text);
  }

  @Override
  public int maxTokens() {
    return encoder.maxTokens();
  }

  @Override
  public String name() {
    return name;
  }

  /** The encoder without the batcher (benchmarks compare against it). */
  public TextEncoder encoder() {
    return encoder;
  }

  /** Mean batch size the batcher has been running. */
  public double meanBatchSize() {
    return embedBatcher.meanBatchSize();
  }

  @Override
  public void close() {
    // native handles must be freed exactly once, and the runtime closes its models again on exit
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    embedBatcher.close();
    if (classifyBatcher != null) {
      classifyBatcher.close();
    }
    encoder.close();
  }
}
