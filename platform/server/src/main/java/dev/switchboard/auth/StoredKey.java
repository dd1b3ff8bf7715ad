package dev.switchboard.auth;

/**
 * A valid key as the cache holds it: its hash travels with it so that the lookup can compare in
 * constant time.
 *
 * @param key the key
 * @param hash the SHA-256 of the whole key
 */
record StoredKey(ApiKey key, byte[] hash) {}
