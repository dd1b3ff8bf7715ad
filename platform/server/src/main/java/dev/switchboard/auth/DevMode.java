package dev.switchboard.auth;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Dev mode: while no valid API key exists and the server listens only on loopback, requests from
 * this machine need no key. Browsers are the one way another site can reach a loopback server, so a
 * request that a browser sent from a foreign origin (the {@code Origin} header), or under a foreign
 * host name (DNS rebinding: the {@code Host} header), is not let in on dev mode's say-so.
 */
final class DevMode {

  private final boolean boundToLoopback;
  private final KeyRing keys;
  private final Set<String> corsOrigins;

  DevMode(boolean boundToLoopback, KeyRing keys, Set<String> corsOrigins) {
    this.boundToLoopback = boundToLoopback;
    this.keys = keys;
    this.corsOrigins = corsOrigins;
  }

  /** Whether dev mode is on: bound to loopback and no valid key. */
  boolean active() {
    return boundToLoopback && keys.isEmpty();
  }

  /** Whether this request may go ahead without a key. */
  boolean admits(HttpServerRequest request) {
    if (!active()) {
      return false;
    }
    SocketAddress remote = request.remoteAddress();
    HostAndPort authority = request.authority();
    String origin = request.getHeader("Origin");
    return remote != null
        && isLoopbackAddress(remote.hostAddress())
        && (authority == null || isLoopbackName(authority.host()))
        && (origin == null || corsOrigins.contains(origin) || isLoopbackOrigin(origin));
  }

  /** A literal loopback address: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
  static boolean isLoopbackAddress(String ip) {
    if (ip == null) {
      return false;
    }
    String a = ip.toLowerCase(Locale.ROOT);
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    if (a.startsWith("::ffff:")) {
      a = a.substring("::ffff:".length());
    }
    return isIpv4Loopback(a) || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1");
  }

  /**
   * {@code 127.d.d.d} with one to three digits per part. A literal only: "127.0.0.1.nip.io" is a
   * name that anyone can point anywhere. (Checked by hand: it runs on every dev-mode request.)
   */
  private static boolean isIpv4Loopback(String a) {
    if (!a.startsWith("127.")) {
      return false;
    }
    int octets = 1; // after "127."
    int digits = 0;
    for (int i = 4; i < a.length(); i++) {
      char c = a.charAt(i);
      if (c == '.') {
        if (digits == 0) {
          return false;
        }
        octets++;
        digits = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        digits++;
      } else {
        return false;
      }
    }
    return octets == 3 && digits > 0;
  }

  /** A host name that can only mean this machine. */
  static boolean isLoopbackName(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.endsWith(".localhost") || isLoopbackAddress(h);
  }

  private static boolean isLoopbackOrigin(String origin) {
    try {
      URI uri = URI.create(origin);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && isLoopbackName(uri.getHost());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
