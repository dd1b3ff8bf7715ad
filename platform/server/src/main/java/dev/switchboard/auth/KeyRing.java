package dev.switchboard.auth;

import io.vertx.core.Future;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The valid keys of this process, in memory so that authenticating a request costs a hash and a map
 * lookup, not a query. Every HTTP event loop reads the same immutable snapshot; {@link #refresh}
 * replaces it after any change (made here, or announced by PostgreSQL from elsewhere).
 */
public final class KeyRing {

  private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

  private final ApiKeyStore store;
  private final Consumer<Set<String>> onRefresh;
  private final AtomicLong started = new AtomicLong();
  private volatile long applied = -1;
  private volatile Map<String, List<StoredKey>> byPrefix = Map.of();

  /**
   * @param store where keys live
   * @param onRefresh told the ids of the valid keys after every refresh
   */
  KeyRing(ApiKeyStore store, Consumer<Set<String>> onRefresh) {
    this.store = store;
    this.onRefresh = onRefresh;
  }

  /**
   * Reloads the valid keys. Reloads may overlap (a local change and a notification); a result is
   * applied only when its query started after the one already applied, so an older snapshot never
   * replaces a newer one. The future completes once the keys as of this call are in force.
   */
  public Future<Void> refresh() {
    long ticket = started.incrementAndGet();
    return store
        .loadValid()
        .map(
            keys -> {
              apply(ticket, keys);
              return (Void) null;
            })
        .onFailure(
            e ->
                LOG.atWarn()
                    .addKeyValue("error", e.toString())
                    .log("could not refresh API keys; the previous set stays in force"));
  }

  private synchronized void apply(long ticket, List<StoredKey> keys) {
    if (ticket <= applied) {
      return;
    }
    Map<String, List<StoredKey>> index = new HashMap<>();
    for (StoredKey k : keys) {
      index.computeIfAbsent(k.key().prefix(), p -> new ArrayList<>()).add(k);
    }
    index.replaceAll((p, list) -> List.copyOf(list));
    byPrefix = Map.copyOf(index);
    applied = ticket;
    onRefresh.accept(keys.stream().map(k -> k.key().id()).collect(Collectors.toSet()));
  }

  /**
   * The valid key a caller presented. The public prefix finds the candidates; the hash is then
   * compared in constant time, so response timing reveals nothing about the secret.
   */
  public Optional<ApiKey> find(String presented) {
    Optional<String> prefix = KeyMaterial.prefixOf(presented);
    if (prefix.isEmpty()) {
      return Optional.empty();
    }
    List<StoredKey> candidates = byPrefix.get(prefix.get());
    if (candidates == null) {
      return Optional.empty();
    }
    byte[] hash = KeyMaterial.digest(presented);
    for (StoredKey candidate : candidates) {
      if (MessageDigest.isEqual(hash, candidate.hash())) {
        return Optional.of(candidate.key());
      }
    }
    return Optional.empty();
  }

  /** Whether no valid key exists (one of the conditions of dev mode). */
  public boolean isEmpty() {
    return byPrefix.isEmpty();
  }

  /** How many valid keys exist. */
  public int size() {
    return byPrefix.values().stream().mapToInt(List::size).sum();
  }
}
