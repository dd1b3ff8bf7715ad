package dev.switchboard.runtime.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import dev.switchboard.runtime.ChatModelOptions;
import dev.switchboard.runtime.GenerationHandle;
import dev.switchboard.runtime.ModelRuntime;
import dev.switchboard.runtime.Msg;
import dev.switchboard.runtime.SamplingParams;
import dev.switchboard.runtime.store.RandomCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Native memory stays flat across 1,000 requests: no array outlives its step scope. */
class MemoryFlatTest {
  @TempDir Path dir;

  static long rssKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  /** Resident memory minus the committed Java heap: what native allocations hold. */
  static long nativeKb() throws Exception {
    System.gc();
    return rssKb() - Runtime.getRuntime().totalMemory() / 1024;
  }

  private static void wave(BatchedChatModel m, int n, int offset) {
    List<GenerationHandle> hs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SamplingParams p =
          SamplingParams.defaults()
              .withTemperature(0.8)
              .withSeed((long) offset + i)
              .withMaxTokens(4);
      hs.add(m.generate(List.of(Msg.user("request number " + (offset + i))), p, s -> {}));
    }
    hs.forEach(h -> h.result().join());
  }

  @Test
  void thousandRequestsKeepNativeMemoryFlat() throws Exception {
    Path folder = RandomCheckpoint.create(dir.resolve("tiny"), "tiny", 11);
    try (ModelRuntime rt = new ModelRuntime()) {
      BatchedChatModel m =
          (BatchedChatModel)
              rt.loadChat(
                  folder, ChatModelOptions.defaults().withMaxBatchSize(8).withMaxQueue(128));
      BaseNDManager weights = (BaseNDManager) m.decoder().manager();
      for (int w = 0; w < 2; w++) {
        wave(m, 50, w * 50); // warm-up: allocator pools, JIT
      }
      int arrays = weights.getManagedArrays().size();
      long native0 = nativeKb();
      List<Long> samples = new ArrayList<>();
      for (int w = 0; w < 10; w++) {
        wave(m, 100, 1000 + w * 100);
        samples.add((nativeKb() - native0) / 1024);
      }
      long growthMb = samples.get(samples.size() - 1);
      System.out.println("native growth per 100 requests (MB): " + samples);
      assertEquals(arrays, weights.getManagedArrays().size(), "arrays leaked into the model scope");
      assertTrue(growthMb < 64, "native memory grew by " + growthMb + " MB over 1,000 requests");
      assertTrue(m.metrics().completed() >= 1100);
    }
  }
}
