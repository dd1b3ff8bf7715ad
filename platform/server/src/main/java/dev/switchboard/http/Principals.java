package dev.switchboard.http;

/**
 * Where the authenticated principal of a request is kept in its routing context; {@code
 * dev.switchboard.auth.AuthHandler} puts it there.
 */
public final class Principals {

  public static final String KEY = "sb.principal";

  private Principals() {}
}
