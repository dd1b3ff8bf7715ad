package dev.switchboard.auth;

import dev.switchboard.api.TaskException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an API key may do. {@link #ADMIN} implies every other scope: an admin key can mint a key
 * with any scope anyway, so withholding the others would only add friction, not safety.
 */
public enum Scope {
  /** {@code /v1/chat/**}, {@code /api/v1/tasks/chat}, conversations and feedback. */
  CHAT,
  /** {@code /v1/embeddings}. */
  EMBED,
  /** {@code /api/v1/classify}, {@code /api/v1/tasks/classify}. */
  CLASSIFY,
  /** {@code /api/v1/retrieve}, {@code /api/v1/collections/**}, {@code /api/v1/tasks/retrieve}. */
  RETRIEVE,
  /** Everything else under {@code /api/v1}: keys, plugins, routes, models, datasets, ... */
  ADMIN;

  /** The lowercase name used on the wire, in the database and on the command line. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The scope with this wire name, if any. */
  public static Optional<Scope> fromWireName(String name) {
    for (Scope s : values()) {
      if (s.wireName().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * Parses scope names, failing with a 400 that names the first unknown one.
   *
   * @param names wire names
   * @return the scopes, never empty
   */
  public static Set<Scope> parseAll(Collection<String> names) {
    if (names.isEmpty()) {
      throw TaskException.invalid("'scopes' must name at least one of " + String.join(", ", all()));
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String name : names) {
      String trimmed = name == null ? "" : name.trim();
      scopes.add(
          fromWireName(trimmed)
              .orElseThrow(
                  () ->
                      TaskException.invalid(
                          "unknown scope '"
                              + trimmed
                              + "'; scopes are "
                              + String.join(", ", all()))));
    }
    return scopes;
  }

  /** Every wire name, in declaration order. */
  public static List<String> all() {
    List<String> names = new ArrayList<>();
    for (Scope s : values()) {
      names.add(s.wireName());
    }
    return names;
  }

  /** Wire names of a set of scopes, in declaration order. */
  public static List<String> names(Set<Scope> scopes) {
    List<String> names = new ArrayList<>();
    for (Scope s : values()) {
      if (scopes.contains(s)) {
        names.add(s.wireName());
      }
    }
    return names;
  }
}
