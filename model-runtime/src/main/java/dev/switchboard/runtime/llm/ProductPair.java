package dev.switchboard.runtime.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs two halves of a weight product at once: the caller computes one, a second thread the other.
 *
 * <p>Why: at batch 1 MKL runs a 1×K by K×N product on one core whatever the thread setting, and on
 * this class of machine one core streams weights at ~20–25 GB/s while two read ~32 GB/s. Splitting
 * the large products (gate/up, down, lm_head) in halves over two threads, each with one torch
 * thread, measured ~30 GB/s on an idle 2-core machine (qkv and o_proj are too small to gain: the
 * hand-off costs more than it saves). When {@code parallel} is false both halves run in the caller,
 * so results are identical either way: each half is the same product.
 */
final class ProductPair implements AutoCloseable {
  private final ExecutorService worker;

  ProductPair(boolean parallel) {
    if (!parallel) {
      worker = null;
      return;
    }
    worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "decoder-products");
              t.setDaemon(true);
              return t;
            });
    int threads = JniUtils.getNumThreads();
    await(worker.submit(() -> JniUtils.setNumThreads(1)));
    // at::set_num_threads also stores the default that threads inherit on their first op: put it
    // back so that only the worker runs single-threaded
    JniUtils.setNumThreads(threads);
  }

  /** Whether the halves run on two threads. */
  boolean parallel() {
    return worker != null;
  }

  /** Computes {@code a} in the caller and {@code b} on the worker; returns {a, b}. */
  NDArray[] both(Supplier<NDArray> a, Supplier<NDArray> b) {
    if (worker == null) {
      return new NDArray[] {a.get(), b.get()};
    }
    Future<NDArray> fb = worker.submit(b::get);
    NDArray ra;
    try {
      ra = a.get();
    } catch (RuntimeException e) {
      // never leave the worker running on arrays the caller is about to close
      try {
        fb.get();
      } catch (InterruptedException | ExecutionException ignored) {
        // the caller's failure is the one to report
      }
      throw e;
    }
    return new NDArray[] {ra, await(fb)};
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during a weight product", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.shutdownNow();
    }
  }
}
