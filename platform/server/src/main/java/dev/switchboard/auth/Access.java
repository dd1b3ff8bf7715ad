package dev.switchboard.auth;

/**
 * What a request needs before it may go ahead.
 *
 * @param open no key is needed at all
 * @param scope the scope a key must grant, or null when any valid key will do
 */
record Access(boolean open, Scope scope) {

  static final Access OPEN = new Access(true, null);
  static final Access ANY_KEY = new Access(false, null);

  static Access scope(Scope scope) {
    return new Access(false, scope);
  }
}
