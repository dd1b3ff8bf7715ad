package dev.switchboard.conversations;

import dev.switchboard.api.TaskException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * A keyset cursor: the sort key and id of the last row of a page, opaque to clients (base64url) so
 * that its form may change.
 *
 * @param at the sort timestamp of the last row
 * @param id the id of the last row
 */
public record Cursor(OffsetDateTime at, UUID id) {

  /** The opaque form. */
  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** Reads an opaque cursor; a malformed one is a 400. */
  public static Cursor decode(String raw) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8).split("\\|", 2);
      return new Cursor(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
    } catch (RuntimeException e) {
      throw TaskException.invalid("'after' is not a cursor this server issued");
    }
  }
}
