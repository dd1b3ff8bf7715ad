package dev.switchboard.bench;

import dev.switchboard.bench.runtime.BandwidthProbe;
import dev.switchboard.bench.runtime.Streams;
import dev.switchboard.runtime.ChatModelOptions;
import dev.switchboard.runtime.GenerationOutcome;
import dev.switchboard.runtime.ModelRuntime;
import dev.switchboard.runtime.Msg;
import dev.switchboard.runtime.SamplingParams;
import dev.switchboard.runtime.schedule.BatchedChatModel;
import dev.switchboard.runtime.store.RandomCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Decode benchmark on a random checkpoint with Qwen2.5-0.5B's shapes: single-stream tokens/s
 * against the memory-bandwidth roofline measured in the same run, aggregate tokens/s at 1, 4, 8 and
 * 16 concurrent streams, and time to first token for a 512-token prompt.
 *
 * <p>Usage: {@code bench/run.sh decode [model-dir]}; the checkpoint is created on first use (~1 GB,
 * BF16) under {@code $TMPDIR/switchboard-bench/} unless a folder is given.
 */
public final class DecodeBench {
  private DecodeBench() {}

  public static void main(String[] args) throws Exception {
    Path folder =
        args.length > 0
            ? Path.of(args[0])
            : Path.of(
                System.getProperty("java.io.tmpdir"), "switchboard-bench", "qwen2.5-0.5b-random");
    if (!Files.exists(folder.resolve("config.json"))) {
      long t = System.nanoTime();
      RandomCheckpoint.create(folder, "qwen2.5-0.5b", 1234);
      log("created random qwen2.5-0.5b checkpoint in %.1f s", (System.nanoTime() - t) / 1e9);
    }
    int tokens = Integer.getInteger("bench.tokens", 48);
    double bw = BandwidthProbe.readBytesPerSecond(256, 9);
    log("read bandwidth (libtorch sum of 256 MB, median of 9): %.1f GB/s", bw / 1e9);
    double gemv = BandwidthProbe.gemvBytesPerSecond(896, 4864, 24, 5);
    log(
        "fp32 1x896 by [896,4864] product streams weights at %.1f GB/s (24 distinct matrices)",
        gemv / 1e9);
    try (ModelRuntime rt = new ModelRuntime()) {
      long t = System.nanoTime();
      BatchedChatModel m =
          (BatchedChatModel)
              rt.loadChat(
                  folder,
                  ChatModelOptions.defaults()
                      .withName("qwen2.5-0.5b-random")
                      .withMaxBatchSize(16)
                      .withMaxSequenceLength(1024)
                      .withKvCacheBudgetBytes(16L * 1024 * m0BytesPerToken()));
      log("loaded in %.1f s", (System.nanoTime() - t) / 1e9);
      long weightBytes = m.decoder().weightBytesPerStep();
      double rooflineTps = bw / weightBytes;
      log(
          "weights read per step: %.2f GB -> roofline %.2f tokens/s",
          weightBytes / 1e9, rooflineTps);
      // warm-up: JIT, allocator pools, every batch-size path
      Streams.run(m, 2, 16);
      Streams.run(m, 1, 16);
      // Each configuration runs twice, alternating, and keeps its best round: on a shared 2-core
      // machine a neighbour's build can halve any single round, and the same rule for every
      // stream count keeps the ratios fair.
      Streams.Result[] rs = new Streams.Result[4];
      int[] ns = {1, 4, 8, 16};
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < ns.length; i++) {
          Streams.Result r = Streams.run(m, ns[i], tokens);
          log(
              "round %d streams=%2d  steady %.2f tok/s  end-to-end %.2f tok/s",
              round, ns[i], r.steadyTokensPerSecond(), r.endToEndTokensPerSecond());
          if (rs[i] == null || r.steadyTokensPerSecond() > rs[i].steadyTokensPerSecond()) {
            rs[i] = r;
          }
        }
      }
      double single = rs[0].steadyTokensPerSecond();
      log(
          "best rounds: %.2f / %.2f / %.2f / %.2f tok/s at 1 / 4 / 8 / 16 streams",
          single,
          rs[1].steadyTokensPerSecond(),
          rs[2].steadyTokensPerSecond(),
          rs[3].steadyTokensPerSecond());
      log(
          "ceiling at the product's own streaming rate: %.2f tok/s (ratio %.2f)",
          gemv / weightBytes, single / (gemv / weightBytes));
      double ratio = single / rooflineTps;
      double s8 = rs[2].steadyTokensPerSecond() / single;
      double s16 = rs[3].steadyTokensPerSecond() / single;
      String longPrompt = promptOf(m, 512);
      double ttft = 0;
      for (int i = 0; i < 2; i++) {
        long t0 = System.nanoTime();
        long[] first = {0};
        GenerationOutcome o =
            m.generate(
                    List.of(Msg.user(longPrompt)),
                    SamplingParams.greedy(2),
                    s -> {
                      if (first[0] == 0) {
                        first[0] = System.nanoTime();
                      }
                    })
                .result()
                .join();
        ttft = m.metrics().ttftMillisLast();
        log("ttft run %d: prompt %d tokens, %.0f ms", i, o.promptTokens(), ttft);
      }
      System.out.printf(
          Locale.ROOT,
          "RESULT decode roofline_ratio=%.2f speedup_8=%.2f speedup_16=%.2f ttft_ms=%.0f%n",
          ratio,
          s8,
          s16,
          ttft);
    }
  }

  private static long m0BytesPerToken() {
    // Qwen2.5-0.5B: 24 layers x (k + v) x 2 kv heads x 64 dims x 4 bytes
    return 24L * 2 * 2 * 64 * 4;
  }

  /** A user message whose rendered prompt is {@code target} tokens long. */
  private static String promptOf(BatchedChatModel m, int target) {
    StringBuilder sb = new StringBuilder();
    String[] words = "the model answers questions about the platform and its plugins".split(" ");
    int i = 0;
    while (m.countTokens(List.of(Msg.user(sb + words[i % words.length]))) <= target) {
      sb.append(words[i % words.length]).append(' ');
      i++;
    }
    return sb.toString().trim();
  }

  private static void log(String fmt, Object... args) {
    System.out.println(String.format(Locale.ROOT, fmt, args));
  }
}
