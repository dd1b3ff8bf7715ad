package dev.switchboard.datasets;

import dev.switchboard.api.TaskException;
import java.util.Locale;

/** What a dataset's examples teach or test: its shape of input and expected output. */
public enum Task {
  /** Input messages, expected assistant answer. */
  CHAT,
  /** Input text, expected label. */
  CLASSIFICATION,
  /** Input query, expected relevant document ids. */
  RETRIEVAL;

  /** The name on the wire and in the database. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; anything else is a 400. */
  public static Task parse(String name) {
    for (Task t : values()) {
      if (t.wireName().equals(name)) {
        return t;
      }
    }
    throw TaskException.invalid("'task' must be one of chat, classification, retrieval");
  }
}
