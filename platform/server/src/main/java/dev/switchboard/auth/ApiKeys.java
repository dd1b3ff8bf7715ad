package dev.switchboard.auth;

import dev.switchboard.api.TaskException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Creating, listing and revoking keys, shared by the admin API and the command line. After a change
 * it waits for {@code afterChange} (the server's cache refresh), so that a revoked key is refused
 * from the moment the revocation is acknowledged.
 */
public final class ApiKeys {

  static final int DEFAULT_PAGE = 50;
  static final int MAX_PAGE = 200;

  private final ApiKeyStore store;
  private final SecureRandom random;
  private final Supplier<Future<Void>> afterChange;

  ApiKeys(ApiKeyStore store, SecureRandom random, Supplier<Future<Void>> afterChange) {
    this.store = store;
    this.random = random;
    this.afterChange = afterChange;
  }

  /** For the command line, which has no cache of its own: servers hear of changes from Postgres. */
  public static ApiKeys direct(Pool pool) {
    return new ApiKeys(new ApiKeyStore(pool), new SecureRandom(), Future::succeededFuture);
  }

  /** Mints and stores a key; the result holds the only copy of the secret. */
  public Future<IssuedKey> create(KeyRequest request, Actor actor) {
    KeyMaterial material = KeyMaterial.generate(random);
    return store
        .insert(request, material, actor)
        .compose(key -> afterChange.get().map(x -> new IssuedKey(key, material.key())));
  }

  /**
   * Revokes a key; revoking one already revoked changes nothing.
   *
   * @return fails with a 404 when no key has that id
   */
  public Future<ApiKey> revoke(String id, Actor actor) {
    UUID uuid = parseId(id);
    return store
        .revoke(uuid, actor)
        .compose(
            revoked ->
                revoked.isPresent()
                    ? afterChange.get().map(x -> revoked.get())
                    : store.find(uuid).map(existing -> existing.orElseThrow(() -> noSuchKey(id))));
  }

  /** One key. */
  public Future<ApiKey> get(String id) {
    return store.find(parseId(id)).map(k -> k.orElseThrow(() -> noSuchKey(id)));
  }

  /**
   * A page of keys, oldest first.
   *
   * @param after a cursor from a previous page, or null
   * @param limit 1 to {@value #MAX_PAGE}, or null for {@value #DEFAULT_PAGE}
   * @param includeRevoked whether revoked keys are listed too
   */
  public Future<KeyPage> list(String after, Integer limit, boolean includeRevoked) {
    int n = limit == null ? DEFAULT_PAGE : limit;
    if (n < 1 || n > MAX_PAGE) {
      throw TaskException.invalid("'limit' must be between 1 and " + MAX_PAGE);
    }
    KeyCursor cursor = after == null || after.isEmpty() ? null : KeyCursor.decode(after);
    return store.page(cursor, n, includeRevoked);
  }

  private static UUID parseId(String id) {
    try {
      return UUID.fromString(Optional.ofNullable(id).orElse(""));
    } catch (IllegalArgumentException e) {
      throw noSuchKey(id);
    }
  }

  private static TaskException noSuchKey(String id) {
    return TaskException.notFound("no API key with id '" + id + "'");
  }
}
