package dev.switchboard.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the key cache when PostgreSQL announces a change to {@code api_keys} (a trigger from
 * migration V2 notifies {@value #CHANNEL}): keys created or revoked by the CLI, another node or
 * plain SQL take effect here within milliseconds. Every (re)subscription refreshes too, covering
 * what was missed while disconnected; a slow periodic refresh covers databases where LISTEN does
 * not work (transaction-pooling proxies).
 */
final class KeyChangeListener {

  static final String CHANNEL = "switchboard_api_keys";
  private static final Logger LOG = LoggerFactory.getLogger(KeyChangeListener.class);
  private static final long SAFETY_REFRESH_MS = 30_000;

  private final Vertx vertx;
  private final PgSubscriber subscriber;
  private final KeyRing keys;
  private long timer = -1;

  KeyChangeListener(Vertx vertx, PgConnectOptions options, KeyRing keys) {
    this.vertx = vertx;
    this.keys = keys;
    this.subscriber =
        PgSubscriber.subscriber(vertx, new PgConnectOptions(options).setPipeliningLimit(1))
            .reconnectPolicy(retries -> Math.min(10_000L, 250L << Math.min(retries, 6)));
    subscriber
        .channel(CHANNEL)
        .subscribeHandler(v -> keys.refresh())
        .handler(payload -> keys.refresh());
  }

  /** Subscribes; a failure is logged, not fatal, since the periodic refresh still works. */
  Future<Void> start() {
    timer = vertx.setPeriodic(SAFETY_REFRESH_MS, id -> keys.refresh());
    return subscriber
        .connect()
        .recover(
            e -> {
              LOG.atWarn()
                  .addKeyValue("error", e.toString())
                  .log("cannot LISTEN for API key changes; refreshing every 30 s instead");
              return Future.succeededFuture();
            });
  }

  Future<Void> close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return subscriber.close().recover(e -> Future.succeededFuture());
  }
}
