package dev.switchboard.http;

/** Where the authenticated principal of a request is kept in its routing context. */
final class Principals {

  static final String KEY = "sb.principal";

  private Principals() {}
}
