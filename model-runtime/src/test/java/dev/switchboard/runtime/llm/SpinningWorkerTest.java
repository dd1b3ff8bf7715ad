package dev.switchboard.runtime.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SpinningWorkerTest {

  @BeforeAll
  static void loadTorch() {
    Engine.getEngine("PyTorch");
  }

  @Test
  void runsTasksOnItsOwnThreadWithOneTorchThread() {
    try (SpinningWorker<String> worker = new SpinningWorker<>("test-worker")) {
      AtomicInteger torchThreads = new AtomicInteger();
      String name =
          worker.call(
              () -> {
                torchThreads.set(JniUtils.getNumThreads());
                return Thread.currentThread().getName();
              });
      assertEquals("test-worker", name);
      assertEquals(1, torchThreads.get());
      for (int i = 0; i < 100; i++) {
        int n = i;
        worker.start(() -> "task " + n);
        assertEquals("task " + n, worker.join());
      }
    }
  }

  @Test
  void threadsNewToTorchKeepTheDefaultIntraOpThreadCount() throws InterruptedException {
    int before = newThreadTorchThreads();
    try (SpinningWorker<String> worker = new SpinningWorker<>("test-worker")) {
      worker.call(() -> "warm");
      int after = newThreadTorchThreads();
      assertEquals(before, after);
    }
  }

  @Test
  void rethrowsWhatTheTaskThrew() {
    IllegalStateException boom = new IllegalStateException("boom");
    try (SpinningWorker<String> worker = new SpinningWorker<>("test-worker")) {
      worker.start(
          () -> {
            throw boom;
          });
      assertSame(boom, assertThrows(IllegalStateException.class, worker::join));
      assertEquals("still serving", worker.call(() -> "still serving"));
    }
  }

  /** libtorch's intra-op thread count as a thread that never used libtorch before sees it. */
  private static int newThreadTorchThreads() throws InterruptedException {
    AtomicInteger seen = new AtomicInteger();
    Thread t = new Thread(() -> seen.set(JniUtils.getNumThreads()));
    t.start();
    t.join();
    return seen.get();
  }
}
