package dev.switchboard.plugins;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/** Runs asynchronous operations one after another, so lifecycle changes never interleave. */
final class SerialQueue {

  private Future<?> tail = Future.succeededFuture();

  synchronized <T> Future<T> submit(Supplier<Future<T>> operation) {
    Promise<T> promise = Promise.promise();
    tail =
        tail.transform(
            ignored -> {
              Future<T> next;
              try {
                next = operation.get();
              } catch (RuntimeException e) {
                next = Future.failedFuture(e);
              }
              next.onComplete(promise);
              return next.transform(ar -> Future.succeededFuture());
            });
    return promise.future();
  }
}
