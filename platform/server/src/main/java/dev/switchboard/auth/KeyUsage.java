package dev.switchboard.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code api_keys.last_used_at} roughly current: at most one write per key a minute, off the
 * request path, so that using a key never costs a query.
 */
final class KeyUsage {

  private static final Logger LOG = LoggerFactory.getLogger(KeyUsage.class);
  private static final long INTERVAL = TimeUnit.MINUTES.toNanos(1);

  private final ApiKeyStore store;
  private final ConcurrentMap<String, Long> lastWrite = new ConcurrentHashMap<>();

  KeyUsage(ApiKeyStore store) {
    this.store = store;
  }

  void touch(String keyId) {
    long now = System.nanoTime();
    boolean[] due = {false};
    lastWrite.compute(
        keyId,
        (id, last) -> {
          if (last == null || now - last >= INTERVAL) {
            due[0] = true;
            return now;
          }
          return last;
        });
    if (due[0]) {
      store
          .touch(keyId)
          .onFailure(
              e ->
                  LOG.atDebug()
                      .addKeyValue("keyId", keyId)
                      .addKeyValue("error", e.toString())
                      .log("could not record key use"));
    }
  }
}
