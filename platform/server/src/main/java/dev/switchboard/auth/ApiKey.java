package dev.switchboard.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * An API key as shown to administrators: never its hash, never the key itself.
 *
 * @param id the key's id
 * @param name a label chosen at creation
 * @param prefix the public start of the key ({@code sb_1a2b3c4d}), to tell keys apart
 * @param scopes what the key may do
 * @param rateLimit its own rate limit, or null for the server default
 * @param createdAt when it was created
 * @param lastUsedAt when it was last used (updated at most once a minute), or null
 * @param revokedAt when it was revoked, or null while it is valid
 */
public record ApiKey(
    String id,
    String name,
    String prefix,
    Set<Scope> scopes,
    RateLimit rateLimit,
    OffsetDateTime createdAt,
    OffsetDateTime lastUsedAt,
    OffsetDateTime revokedAt) {

  /** Copies the scopes. */
  public ApiKey {
    scopes = Set.copyOf(scopes);
  }

  /** Whether the key grants a scope; {@link Scope#ADMIN} grants them all. */
  public boolean allows(Scope scope) {
    return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
  }

  /** The admin API's view of the key. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("prefix", prefix)
        .put("scopes", new JsonArray(Scope.names(scopes)))
        .put("rateLimit", rateLimit == null ? null : rateLimit.toJson())
        .put("createdAt", text(createdAt))
        .put("lastUsedAt", text(lastUsedAt))
        .put("revokedAt", text(revokedAt));
  }

  private static String text(OffsetDateTime t) {
    return t == null ? null : t.toString();
  }
}
