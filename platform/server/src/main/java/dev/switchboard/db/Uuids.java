package dev.switchboard.db;

import java.util.UUID;

/** Ids that arrive as text and go into {@code uuid} columns. */
public final class Uuids {

  private Uuids() {}

  /** The UUID {@code text} spells, or null when it is null or not a UUID. */
  public static UUID parseOrNull(String text) {
    if (text == null) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
