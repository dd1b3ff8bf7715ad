package dev.switchboard.auth;

import dev.switchboard.api.Principal;

/**
 * Who created or revoked a key, as written to {@code audit_log}.
 *
 * @param name the principal's user, or {@code cli:<os user>}
 * @param keyId the API key the change was made with, or null
 */
public record Actor(String name, String keyId) {

  /** The caller of an admin API request. */
  public static Actor of(Principal principal) {
    return new Actor(principal.user(), principal.apiKeyId());
  }

  /** Someone at the command line of this machine. */
  public static Actor cli() {
    return new Actor("cli:" + System.getProperty("user.name", "unknown"), null);
  }
}
