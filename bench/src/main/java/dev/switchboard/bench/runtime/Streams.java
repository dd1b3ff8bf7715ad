package dev.switchboard.bench.runtime;

import dev.switchboard.runtime.GenerationHandle;
import dev.switchboard.runtime.LocalChatModel;
import dev.switchboard.runtime.Msg;
import dev.switchboard.runtime.SamplingParams;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs N concurrent greedy generations and measures aggregate decode throughput in steady state:
 * tokens produced while all N sequences sit in the running batch (read from the scheduler's own
 * counters), plus the end-to-end figure that also pays for N prefills.
 */
public final class Streams {
  private Streams() {}

  /**
   * Results of one run.
   *
   * @param streams concurrent generations
   * @param steadyTokensPerSecond aggregate tokens/s while all streams decode together
   * @param endToEndTokensPerSecond all completion tokens over the whole wall time
   */
  public record Result(int streams, double steadyTokensPerSecond, double endToEndTokensPerSecond) {}

  /** Runs {@code n} streams of {@code tokens} completion tokens each. */
  public static Result run(LocalChatModel model, int n, int tokens) throws InterruptedException {
    List<GenerationHandle> hs = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      hs.add(
          model.generate(
              List.of(Msg.user("Stream " + i + ": tell me about the platform")),
              SamplingParams.greedy(tokens),
              null));
    }
    while (model.metrics().batchSize() < n && hs.stream().noneMatch(h -> h.result().isDone())) {
      Thread.sleep(1);
    }
    long c0 = model.metrics().tokensGenerated();
    long t0 = System.nanoTime();
    // measure over roughly half the generation, well before any stream finishes
    long target = (long) n * tokens / 2;
    while (model.metrics().tokensGenerated() - c0 < target
        && hs.stream().noneMatch(h -> h.result().isDone())) {
      Thread.sleep(1);
    }
    long c1 = model.metrics().tokensGenerated();
    long t1 = System.nanoTime();
    long total = 0;
    for (GenerationHandle h : hs) {
      total += h.result().join().completionTokens();
    }
    long wall = System.nanoTime() - start;
    return new Result(n, (c1 - c0) / ((t1 - t0) / 1e9), total / (wall / 1e9));
  }
}
