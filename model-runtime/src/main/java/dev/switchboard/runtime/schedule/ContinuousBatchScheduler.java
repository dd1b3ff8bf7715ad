package dev.switchboard.runtime.schedule;

import dev.switchboard.runtime.FinishReason;
import dev.switchboard.runtime.QueueFullException;
import dev.switchboard.runtime.SchedulerMetrics;
import dev.switchboard.runtime.llm.KvCache;
import dev.switchboard.runtime.llm.LlamaDecoder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous batching for one decoder, on one thread. Every step: admit queued requests into free
 * cache slots (strict FIFO, so nobody is overtaken), run one prefill chunk of the oldest admitted
 * prompt, then one decode step for every sequence that has a pending token — a single batched
 * forward pass. Sequences leave the batch as soon as they finish, freeing their slot for the next
 * waiting request.
 *
 * <p>Bounds: batch size = cache slots; the KV-cache memory budget fixed the slot length when the
 * cache was allocated; the queue holds at most {@code maxQueue} requests and rejects more with
 * {@link QueueFullException}.
 */
public final class ContinuousBatchScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContinuousBatchScheduler.class);
  private static final long WINDOW_NANOS = 5_000_000_000L;

  private final String name;
  private final LlamaDecoder decoder;
  private final KvCache cache;
  private final int maxQueue;
  private final int prefillChunk;
  private final Set<Integer> eos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Deque<Sequence> queue = new ArrayDeque<>();
  private final Deque<Integer> freeSlots = new ArrayDeque<>();
  private final List<Sequence> running = new ArrayList<>();
  private final Thread thread;
  private volatile boolean closed;

  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong tokens = new AtomicLong();
  private final Deque<long[]> tokenWindow = new ArrayDeque<>();
  private final double[] ttfts = new double[64];
  private int ttftCount;
  private volatile double lastTtft;
  private volatile int batchSize;

  /**
   * Starts the scheduler thread.
   *
   * @param name model name (thread name, messages)
   * @param decoder the model
   * @param cache its KV cache; slots = max batch size
   * @param maxQueue waiting requests allowed
   * @param prefillChunk prompt tokens per step
   * @param eos token ids that end a sequence
   */
  public ContinuousBatchScheduler(
      String name,
      LlamaDecoder decoder,
      KvCache cache,
      int maxQueue,
      int prefillChunk,
      Set<Integer> eos) {
    this.name = name;
    this.decoder = decoder;
    this.cache = cache;
    this.maxQueue = maxQueue;
    this.prefillChunk = Math.max(1, prefillChunk);
    this.eos = Set.copyOf(eos);
    for (int i = 0; i < cache.slots(); i++) {
      freeSlots.add(i);
    }
    this.thread = new Thread(this::loop, "sb-decode-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a sequence, or fails its future with {@link QueueFullException}. */
  void submit(Sequence s) {
    lock.lock();
    try {
      if (closed) {
        s.future.completeExceptionally(new IllegalStateException("model " + name + " is closed"));
        return;
      }
      if (queue.size() >= maxQueue) {
        rejected.incrementAndGet();
        s.future.completeExceptionally(new QueueFullException(name, maxQueue));
        return;
      }
      queue.add(s);
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (true) {
      lock.lock();
      try {
        while (!closed && queue.isEmpty() && running.isEmpty()) {
          work.awaitUninterruptibly();
        }
        if (closed) {
          break;
        }
        // a request cancelled while waiting completes now, not when a slot frees up
        queue.removeIf(
            s -> {
              if (s.cancelled) {
                finishUnadmitted(s);
              }
              return s.cancelled;
            });
        while (!queue.isEmpty() && !freeSlots.isEmpty()) {
          Sequence s = queue.poll();
          if (s.cancelled) {
            finishUnadmitted(s);
            continue;
          }
          s.slot = freeSlots.poll();
          running.add(s);
        }
      } finally {
        lock.unlock();
      }
      try {
        step();
      } catch (RuntimeException | Error e) {
        LOG.error("model {}: step failed, failing {} running requests", name, running.size(), e);
        for (Sequence s : new ArrayList<>(running)) {
          s.future.completeExceptionally(e);
          release(s);
        }
        running.clear();
      }
    }
    shutdown();
  }

  private void step() {
    for (Sequence s : new ArrayList<>(running)) {
      if (s.cancelled) {
        finish(s, FinishReason.CANCELLED);
      }
    }
    running.removeIf(s -> s.done); // a finished sequence has no slot any more
    prefillStep();
    List<Sequence> batch = new ArrayList<>();
    for (Sequence s : running) {
      if (!s.done && !s.prefilling() && s.pendingToken >= 0) {
        batch.add(s);
      }
    }
    batchSize = batch.size();
    if (!batch.isEmpty()) {
      int n = batch.size();
      int[] slots = new int[n];
      int[] toks = new int[n];
      int[] pos = new int[n];
      for (int i = 0; i < n; i++) {
        Sequence s = batch.get(i);
        slots[i] = s.slot;
        toks[i] = s.pendingToken;
        pos[i] = s.position;
      }
      float[][] logits = decoder.decode(cache, slots, toks, pos);
      for (int i = 0; i < n; i++) {
        Sequence s = batch.get(i);
        s.position++;
        accept(s, s.sampler.next(logits[i]));
      }
      countTokens(n);
    }
    running.removeIf(s -> s.done);
  }

  /**
   * Up to {@code prefillChunk} prompt tokens, oldest request first, possibly from several new
   * requests at once: their chunks share one forward pass, so a burst of arrivals costs one weight
   * read instead of one each.
   */
  private void prefillStep() {
    List<Sequence> seqs = new ArrayList<>();
    List<int[]> chunks = new ArrayList<>();
    int budget = prefillChunk;
    for (Sequence s : running) {
      if (budget == 0) {
        break;
      }
      if (!s.done && s.prefilling()) {
        int end = Math.min(s.prompt.length, s.prefilled + budget);
        seqs.add(s);
        chunks.add(Arrays.copyOfRange(s.prompt, s.prefilled, end));
        budget -= end - s.prefilled;
      }
    }
    if (seqs.isEmpty()) {
      return;
    }
    int n = seqs.size();
    int[] slots = new int[n];
    int[] starts = new int[n];
    for (int i = 0; i < n; i++) {
      slots[i] = seqs.get(i).slot;
      starts[i] = seqs.get(i).prefilled;
    }
    float[][] logits = decoder.prefill(cache, slots, chunks.toArray(int[][]::new), starts);
    for (int i = 0; i < n; i++) {
      Sequence s = seqs.get(i);
      s.prefilled += chunks.get(i).length;
      s.position = s.prefilled;
      if (!s.prefilling()) {
        recordTtft(s);
        accept(s, s.sampler.next(logits[i]));
      }
    }
  }

  private void accept(Sequence s, int token) {
    s.generated++;
    s.pendingToken = -1;
    if (eos.contains(token)) {
      finish(s, FinishReason.STOP);
      return;
    }
    s.emit(s.text.push(token));
    if (s.text.stopped()) {
      finish(s, FinishReason.STOP);
    } else if (s.generated >= s.maxTokens || s.position + 1 >= cache.maxLen()) {
      finish(s, FinishReason.LENGTH);
    } else {
      s.pendingToken = token;
    }
  }

  private void finish(Sequence s, FinishReason reason) {
    if (s.done) {
      return;
    }
    if (reason != FinishReason.STOP || !s.text.stopped()) {
      s.emit(s.text.flush());
    }
    release(s);
    completed.incrementAndGet();
    s.future.complete(s.outcome(reason));
  }

  private void release(Sequence s) {
    s.done = true;
    if (s.slot >= 0) {
      lock.lock();
      try {
        freeSlots.add(s.slot);
      } finally {
        lock.unlock();
      }
      s.slot = -1;
    }
  }

  private void finishUnadmitted(Sequence s) {
    s.done = true;
    completed.incrementAndGet();
    s.future.complete(s.outcome(FinishReason.CANCELLED));
  }

  private void recordTtft(Sequence s) {
    double ms = (System.nanoTime() - s.enqueuedNanos) / 1e6;
    synchronized (ttfts) {
      ttfts[ttftCount++ % ttfts.length] = ms;
    }
    lastTtft = ms;
    countTokens(1);
  }

  private void countTokens(int n) {
    tokens.addAndGet(n);
    long now = System.nanoTime();
    synchronized (tokenWindow) {
      tokenWindow.add(new long[] {now, n});
      while (!tokenWindow.isEmpty() && now - tokenWindow.peek()[0] > WINDOW_NANOS) {
        tokenWindow.poll();
      }
    }
  }

  /** Metrics right now. */
  public SchedulerMetrics metrics() {
    int depth;
    lock.lock();
    try {
      depth = queue.size();
    } finally {
      lock.unlock();
    }
    double tps;
    long now = System.nanoTime();
    synchronized (tokenWindow) {
      while (!tokenWindow.isEmpty() && now - tokenWindow.peek()[0] > WINDOW_NANOS) {
        tokenWindow.poll();
      }
      long sum = 0;
      for (long[] e : tokenWindow) {
        sum += e[1];
      }
      double span = tokenWindow.isEmpty() ? 1 : Math.max(1e-3, (now - tokenWindow.peek()[0]) / 1e9);
      tps = tokenWindow.size() < 2 ? 0 : sum / span;
    }
    double avg;
    synchronized (ttfts) {
      int n = Math.min(ttftCount, ttfts.length);
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += ttfts[i];
      }
      avg = n == 0 ? 0 : sum / n;
    }
    return new SchedulerMetrics(
        depth,
        batchSize,
        cache.slots(),
        tps,
        avg,
        lastTtft,
        completed.get(),
        rejected.get(),
        tokens.get());
  }

  private void shutdown() {
    List<Sequence> left = new ArrayList<>(running);
    lock.lock();
    try {
      left.addAll(queue);
      queue.clear();
    } finally {
      lock.unlock();
    }
    for (Sequence s : left) {
      if (!s.done) {
        s.done = true;
        s.future.complete(s.outcome(FinishReason.CANCELLED));
      }
    }
    running.clear();
  }

  /** Stops the thread; queued and running requests complete as cancelled. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      work.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
