package dev.switchboard.runtime.schedule;

import dev.switchboard.runtime.QueueFullException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups single items from many callers into batches for one worker thread: a batch runs when it
 * reaches {@code maxBatch} items or when its oldest item has waited {@code maxWait} — so a lone
 * request pays at most maxWait, and under load every forward pass is full.
 *
 * @param <I> item type
 * @param <O> result type per item
 */
public final class DynamicBatcher<I, O> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);

  private record Job<I, O>(I item, CompletableFuture<O> future, long enqueuedNanos) {}

  private final String name;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final int maxQueue;
  private final Function<List<I>, List<O>> work;
  private final LinkedBlockingQueue<Job<I, O>> queue = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;
  private volatile double meanBatch;

  /**
   * Starts the worker thread.
   *
   * @param name thread name suffix
   * @param maxBatch items per batch
   * @param maxWaitMillis longest wait to fill a batch
   * @param maxQueue waiting items before {@link QueueFullException}
   * @param workers threads running batches concurrently (1 unless {@code work} is thread-safe and
   *     single-threaded inside, like an ONNX session with one intra-op thread)
   * @param work runs one batch, returning one result per item in order
   */
  public DynamicBatcher(
      String name,
      int maxBatch,
      long maxWaitMillis,
      int maxQueue,
      int workers,
      Function<List<I>, List<O>> work) {
    this.name = name;
    this.maxBatch = Math.max(1, maxBatch);
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, maxWaitMillis));
    this.maxQueue = maxQueue;
    this.work = work;
    for (int i = 0; i < Math.max(1, workers); i++) {
      Thread t = new Thread(this::loop, "sb-batch-" + name + "-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Queues one item. */
  public CompletableFuture<O> submit(I item) {
    CompletableFuture<O> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new IllegalStateException(name + " is closed"));
    } else if (queue.size() >= maxQueue) {
      f.completeExceptionally(new QueueFullException(name, maxQueue));
    } else {
      queue.add(new Job<>(item, f, System.nanoTime()));
    }
    return f;
  }

  /** Queues several items; the result keeps their order. */
  public CompletableFuture<List<O>> submitAll(List<I> items) {
    // a list longer than the whole queue still gets in when nothing waits, or it never could
    int waiting = queue.size();
    if (!items.isEmpty() && waiting > 0 && waiting + items.size() > maxQueue) {
      return CompletableFuture.failedFuture(new QueueFullException(name, maxQueue));
    }
    List<CompletableFuture<O>> fs = new ArrayList<>(items.size());
    for (I i : items) {
      fs.add(submit(i));
    }
    return CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new))
        .thenApply(v -> fs.stream().map(CompletableFuture::join).toList());
  }

  /** Mean batch size, smoothed over recent batches. */
  public double meanBatchSize() {
    return meanBatch;
  }

  /** Items waiting. */
  public int queueDepth() {
    return queue.size();
  }

  private void loop() {
    List<Job<I, O>> batch = new ArrayList<>(maxBatch);
    while (!closed) {
      try {
        Job<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        // the deadline counts from when the oldest item arrived, not from when we woke up
        long deadline = first.enqueuedNanos() + maxWaitNanos;
        while (batch.size() < maxBatch) {
          Job<I, O> next = queue.poll();
          if (next == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              break;
            }
            next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
              break;
            }
          }
          batch.add(next);
        }
        run(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        batch.clear();
      }
    }
    Job<I, O> j;
    while ((j = queue.poll()) != null) {
      j.future().completeExceptionally(new IllegalStateException(name + " is closed"));
    }
  }

  private void run(List<Job<I, O>> batch) {
    synchronized (this) {
      meanBatch = meanBatch == 0 ? batch.size() : 0.9 * meanBatch + 0.1 * batch.size();
    }
    try {
      List<O> out = work.apply(batch.stream().map(Job::item).toList());
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).future().complete(out.get(i));
      }
    } catch (RuntimeException | Error e) {
      LOG.warn("{}: batch of {} failed", name, batch.size(), e);
      batch.forEach(b -> b.future().completeExceptionally(e));
    }
  }

  @Override
  public void close() {
    closed = true;
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
