package dev.switchboard.auth;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The access table: which scope each API path needs. It works on the same normalized path the
 * router matches on, lowercased and without a trailing slash, and everything it does not recognise
 * under {@code /api/} or {@code /v1/} needs {@code admin}: an unknown path can only ask for more,
 * never less.
 */
final class RouteAccess {

  /** The admin UI's login: how a browser gets a session, so it cannot need one. */
  private static final String SESSION = "/api/v1/session";

  private static final Pattern FEEDBACK = Pattern.compile("/api/v1/messages/[^/]+/feedback");

  private RouteAccess() {}

  static Access of(String normalizedPath) {
    String path = normalizedPath.toLowerCase(Locale.ROOT);
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (under(path, "/v1")) {
      if (under(path, "/v1/models")) {
        return Access.ANY_KEY;
      }
      if (under(path, "/v1/chat") || under(path, "/v1/completions")) {
        return Access.scope(Scope.CHAT);
      }
      if (under(path, "/v1/embeddings")) {
        return Access.scope(Scope.EMBED);
      }
      return Access.scope(Scope.ADMIN);
    }
    if (path.equals(SESSION)) {
      return Access.OPEN;
    }
    if (under(path, "/api")) {
      return Access.scope(nativeScope(path));
    }
    // Operations (/health, /metrics), the OpenAPI document and the web UIs' static files: the
    // UIs are clients of the API and authenticate their own calls.
    return Access.OPEN;
  }

  private static Scope nativeScope(String path) {
    if (path.equals("/api/v1/classify") || path.equals("/api/v1/tasks/classify")) {
      return Scope.CLASSIFY;
    }
    if (path.equals("/api/v1/retrieve")
        || path.equals("/api/v1/tasks/retrieve")
        || under(path, "/api/v1/collections")) {
      return Scope.RETRIEVE;
    }
    // The web chat interface lists its conversations and leaves feedback with a chat key.
    if (path.equals("/api/v1/tasks/chat")
        || under(path, "/api/v1/conversations")
        || FEEDBACK.matcher(path).matches()) {
      return Scope.CHAT;
    }
    return Scope.ADMIN;
  }

  private static boolean under(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }
}
