package dev.switchboard.auth;

import io.vertx.core.json.JsonObject;

/**
 * A key just created: the only moment its secret exists outside the caller's hands.
 *
 * @param key the stored key
 * @param secret the whole key, to show once
 */
public record IssuedKey(ApiKey key, String secret) {

  /** The creation response: the key's fields plus {@code "key"}. */
  public JsonObject toJson() {
    return key.toJson().put("key", secret);
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "IssuedKey[" + key + "]";
  }
}
