package dev.switchboard.runtime.llm;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A thread of the decoder's own that runs one task at a time for its single caller, for a decode
 * step split over two cores (see {@link LlamaDecoder}).
 *
 * <p>It runs libtorch with one intra-op thread: libtorch's own pool would compete with the other
 * half of the split for the second core and stall at its barriers (a step took twice as long). That
 * setting is per thread, so the scheduler thread, which prefills, keeps its own. Between tasks it
 * busy-waits half a millisecond before it parks: within a step hand-offs come every few hundred
 * microseconds, and waking a parked thread on an idle virtual CPU costs a good part of the ~1 ms
 * half-product it would run.
 *
 * @param <T> what a task returns
 */
final class SpinningWorker<T> implements AutoCloseable {

  private static final long SPIN_NANOS = 500_000;
  private static final long YIELD_AFTER_NANOS = 100_000;

  private final Thread thread;
  private final CountDownLatch configured = new CountDownLatch(1);
  private volatile Thread waiter;
  private volatile Supplier<T> task;
  private volatile Object result;
  private volatile boolean closed;

  SpinningWorker(String name) {
    // Setting a thread's count also sets the default that threads new to libtorch start from, so
    // it is put back once the worker has its own.
    int callers = JniUtils.getNumThreads();
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
    try {
      configured.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    JniUtils.setNumThreads(callers);
  }

  /** Starts a task; {@link #join} waits for it. One task at a time, from one calling thread. */
  void start(Supplier<T> work) {
    result = null;
    task = work;
    LockSupport.unpark(thread);
  }

  /**
   * Waits, spinning, for the task started last; rethrows what it threw. After ~100 µs it yields
   * between checks, so that a worker descheduled by other load gets the core back sooner.
   */
  T join() {
    Object r;
    long since = System.nanoTime();
    while ((r = result) == null) {
      if (System.nanoTime() - since < YIELD_AFTER_NANOS) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    return unwrap(r);
  }

  /**
   * Runs a task on this worker and waits for it, parked: for a caller whose core the worker and its
   * pair need.
   */
  T call(Supplier<T> work) {
    waiter = Thread.currentThread();
    start(work);
    Object r;
    while ((r = result) == null) {
      LockSupport.park(this);
    }
    waiter = null;
    return unwrap(r);
  }

  @SuppressWarnings("unchecked")
  private T unwrap(Object r) {
    if (r instanceof Failure f) {
      if (f.cause() instanceof RuntimeException e) {
        throw e;
      }
      throw (Error) f.cause();
    }
    return (T) r;
  }

  private void run() {
    // libtorch initialises a thread's count from the default on its first use; after that a set
    // sticks, before it would be overwritten
    JniUtils.getNumThreads();
    JniUtils.setNumThreads(1);
    configured.countDown();
    long idleSince = System.nanoTime();
    while (!closed) {
      Supplier<T> t = task;
      if (t == null) {
        if (System.nanoTime() - idleSince < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
        continue;
      }
      task = null;
      Object r;
      try {
        r = t.get();
      } catch (RuntimeException | Error e) {
        r = new Failure(e);
      }
      result = r;
      Thread w = waiter;
      if (w != null) {
        LockSupport.unpark(w);
      }
      idleSince = System.nanoTime();
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }

  private record Failure(Throwable cause) {}
}
