package dev.switchboard.runtime.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.runtime.QueueFullException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {
  @Test
  void fillsBatchesUnderLoadAndKeepsOrder() {
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    try (DynamicBatcher<Integer, Integer> b =
        new DynamicBatcher<>(
            "t",
            8,
            50,
            1000,
            1,
            xs -> {
              sizes.add(xs.size());
              return xs.stream().map(x -> x * 2).toList();
            })) {
      List<Integer> in = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        in.add(i);
      }
      assertEquals(in.stream().map(x -> x * 2).toList(), b.submitAll(in).join());
      assertTrue(sizes.stream().allMatch(s -> s <= 8));
      assertTrue(sizes.size() <= 9, "batches " + sizes);
    }
  }

  @Test
  void loneItemWaitsAtMostMaxWait() {
    try (DynamicBatcher<Integer, Integer> b = new DynamicBatcher<>("t", 32, 20, 100, 1, xs -> xs)) {
      b.submit(0).join();
      long t0 = System.nanoTime();
      assertEquals(7, b.submit(7).join());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms >= 15 && ms < 1000, "took " + ms + " ms");
    }
  }

  @Test
  void fullQueueRejectsAndFailuresPropagate() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (DynamicBatcher<Integer, Integer> b =
        new DynamicBatcher<>(
            "t",
            1,
            0,
            2,
            1,
            xs -> {
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              if (xs.get(0) < 0) {
                throw new IllegalStateException("boom");
              }
              return xs;
            })) {
      List<CompletableFuture<Integer>> fs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        fs.add(b.submit(i == 1 ? -1 : i));
        Thread.sleep(5);
      }
      release.countDown();
      int full = 0;
      int boom = 0;
      for (CompletableFuture<Integer> f : fs) {
        try {
          f.join();
        } catch (CompletionException e) {
          if (e.getCause() instanceof QueueFullException) {
            full++;
          } else {
            assertInstanceOf(IllegalStateException.class, e.getCause());
            boom++;
          }
        }
      }
      assertTrue(full >= 2, "rejected " + full);
      assertEquals(1, boom);
    }
  }
}
