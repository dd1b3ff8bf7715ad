package dev.switchboard.api.model;

import dev.switchboard.api.ApiStatus;
import java.util.Locale;

/** What a hosted model does. */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public enum ModelKind {
  /** A decoder language model that generates text. */
  CHAT,
  /** An encoder that turns text into vectors. */
  EMBEDDING,
  /** A model that assigns labels to text. */
  CLASSIFIER;

  /**
   * The lowercase wire name.
   *
   * @return for example {@code embedding}
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
