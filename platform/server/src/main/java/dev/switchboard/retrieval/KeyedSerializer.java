package dev.switchboard.retrieval;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs tasks with the same key one after another, tasks with different keys freely. Replacing a
 * document is a database transaction followed by an index update; two replaces of one document must
 * not interleave, or the index could keep the older version's chunks.
 */
final class KeyedSerializer {

  private final Map<String, Future<?>> tails = new HashMap<>();

  synchronized <T> Future<T> submit(String key, Supplier<Future<T>> task) {
    Future<?> previous = tails.getOrDefault(key, Future.succeededFuture());
    Future<T> result = previous.transform(ignored -> task.get());
    tails.put(key, result);
    result.onComplete(ignored -> release(key, result));
    return result;
  }

  private synchronized void release(String key, Future<?> finished) {
    if (tails.get(key) == finished) {
      tails.remove(key);
    }
  }

  synchronized int pending() {
    return tails.size();
  }
}
