package dev.switchboard.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code api_keys} table. Creation and revocation write their {@code audit_log} row in the same
 * statement, so one never happens without the other.
 */
public final class ApiKeyStore {

  private static final String COLUMNS =
      "id, name, prefix, scopes, rate_limit, created_at, last_used_at, revoked_at";

  private final Pool pool;

  public ApiKeyStore(Pool pool) {
    this.pool = pool;
  }

  /** Inserts a key and its audit row; returns the stored key. */
  Future<ApiKey> insert(KeyRequest request, KeyMaterial material, Actor actor) {
    JsonObject details =
        new JsonObject()
            .put("name", request.name())
            .put("prefix", material.prefix())
            .put("scopes", Scope.names(request.scopes()))
            .put("rateLimit", request.rateLimit() == null ? null : request.rateLimit().toJson())
            .put("actorKeyId", actor.keyId());
    return pool.preparedQuery(
            "WITH k AS (INSERT INTO api_keys (name, prefix, key_hash, scopes, rate_limit)"
                + " VALUES ($1, $2, $3, $4, $5) RETURNING "
                + COLUMNS
                + "), a AS (INSERT INTO audit_log (actor, action, target, details)"
                + " SELECT $6, 'api_key.create', k.id::text, $7 FROM k)"
                + " SELECT "
                + COLUMNS
                + " FROM k")
        .execute(
            Tuple.of(
                request.name(),
                material.prefix(),
                material.hash(),
                Scope.names(request.scopes()).toArray(new String[0]),
                request.rateLimit() == null ? null : request.rateLimit().toJson(),
                actor.name(),
                details))
        .map(rows -> toKey(rows.iterator().next()));
  }

  /**
   * Revokes a key and writes its audit row.
   *
   * @return the revoked key; empty when no valid key has that id
   */
  Future<Optional<ApiKey>> revoke(UUID id, Actor actor) {
    return pool.preparedQuery(
            "WITH k AS (UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS"
                + " NULL RETURNING "
                + COLUMNS
                + "), a AS (INSERT INTO audit_log (actor, action, target, details)"
                + " SELECT $2, 'api_key.revoke', k.id::text,"
                + " jsonb_build_object('name', k.name, 'prefix', k.prefix, 'actorKeyId', $3::text)"
                + " FROM k) SELECT "
                + COLUMNS
                + " FROM k")
        .execute(Tuple.of(id, actor.name(), actor.keyId()))
        .map(ApiKeyStore::first);
  }

  /** One key, valid or revoked. */
  Future<Optional<ApiKey>> find(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_keys WHERE id = $1")
        .execute(Tuple.of(id))
        .map(ApiKeyStore::first);
  }

  /** A page in {@code (created_at, id)} order, after a cursor. */
  Future<KeyPage> page(KeyCursor after, int limit, boolean includeRevoked) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM api_keys WHERE ($1::timestamptz IS NULL OR (created_at, id) > ($1, $2))"
                + " AND ($3 OR revoked_at IS NULL) ORDER BY created_at, id LIMIT $4")
        .execute(
            Tuple.of(
                after == null ? null : after.createdAt(),
                after == null ? null : after.id(),
                includeRevoked,
                limit + 1))
        .map(
            rows -> {
              List<ApiKey> items = new ArrayList<>();
              for (Row row : rows) {
                items.add(toKey(row));
              }
              String next = null;
              if (items.size() > limit) {
                items = items.subList(0, limit);
                ApiKey last = items.get(limit - 1);
                next = new KeyCursor(last.createdAt(), UUID.fromString(last.id())).encode();
              }
              return new KeyPage(List.copyOf(items), next);
            });
  }

  /** Every valid key with its hash, for the in-memory cache. */
  Future<List<StoredKey>> loadValid() {
    return pool.query("SELECT " + COLUMNS + ", key_hash FROM api_keys WHERE revoked_at IS NULL")
        .execute()
        .map(
            rows -> {
              List<StoredKey> keys = new ArrayList<>();
              for (Row row : rows) {
                keys.add(
                    new StoredKey(toKey(row), KeyMaterial.decodeHash(row.getString("key_hash"))));
              }
              return keys;
            });
  }

  /** Records that a key was used. */
  Future<Void> touch(String id) {
    return pool.preparedQuery("UPDATE api_keys SET last_used_at = now() WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(id)))
        .mapEmpty();
  }

  private static Optional<ApiKey> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(toKey(it.next())) : Optional.empty();
  }

  private static ApiKey toKey(Row row) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    // A scope this build does not know (written by a newer one) grants nothing here.
    Arrays.stream(row.getArrayOfStrings("scopes"))
        .forEach(s -> Scope.fromWireName(s).ifPresent(scopes::add));
    JsonObject limit = (JsonObject) row.getValue("rate_limit");
    return new ApiKey(
        row.getUUID("id").toString(),
        row.getString("name"),
        row.getString("prefix"),
        scopes,
        limit == null ? null : RateLimit.fromJson(limit),
        row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("last_used_at"),
        row.getOffsetDateTime("revoked_at"));
  }
}
