package dev.switchboard.auth;

import dev.switchboard.api.TaskException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * The keyset cursor of the key list: the {@code (created_at, id)} of the last key of a page, opaque
 * to clients (base64url) so that its form may change.
 *
 * @param createdAt the last key's creation time
 * @param id the last key's id
 */
record KeyCursor(OffsetDateTime createdAt, UUID id) {

  String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  static KeyCursor decode(String cursor) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
      if (parts.length != 2) {
        throw new IllegalArgumentException();
      }
      return new KeyCursor(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
    } catch (RuntimeException e) {
      throw TaskException.invalid("'after' is not a cursor returned by this API");
    }
  }
}
