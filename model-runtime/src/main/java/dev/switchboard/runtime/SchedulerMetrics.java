package dev.switchboard.runtime;

/**
 * A snapshot of one chat model's scheduler.
 *
 * @param queueDepth requests waiting for a batch slot
 * @param batchSize sequences in the running batch
 * @param maxBatchSize batch slots
 * @param tokensPerSecond generated tokens per second over the last few seconds
 * @param ttftMillisAvg mean time to first token over recent requests (ms)
 * @param ttftMillisLast time to first token of the latest request (ms)
 * @param completed requests finished since load
 * @param rejected requests refused because the queue was full
 * @param tokensGenerated total generated tokens since load
 */
public record SchedulerMetrics(
    int queueDepth,
    int batchSize,
    int maxBatchSize,
    double tokensPerSecond,
    double ttftMillisAvg,
    double ttftMillisLast,
    long completed,
    long rejected,
    long tokensGenerated) {}
