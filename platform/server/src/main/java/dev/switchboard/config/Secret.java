package dev.switchboard.config;

import java.util.Objects;

/**
 * A setting that must never reach a log: records print their components, so this one prints a
 * placeholder.
 *
 * @param value the secret itself
 */
public record Secret(String value) {

  public Secret {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return "Secret[****]";
  }
}
