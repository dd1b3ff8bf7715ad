package dev.switchboard.api;

import java.util.Locale;
import java.util.Optional;

/** The task types the platform routes. Each maps to one extension point. */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public enum TaskType {
  /** Conversational generation, served by {@link dev.switchboard.api.chat.ChatHandler}. */
  CHAT,
  /** Text classification, served by {@link dev.switchboard.api.classify.Classifier}. */
  CLASSIFY,
  /** Retrieval and ingest, served by {@link dev.switchboard.api.retrieve.Retriever}. */
  RETRIEVE;

  /**
   * The lowercase name used in event-bus addresses and URLs.
   *
   * @return for example {@code chat}
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Looks a task type up by its wire name.
   *
   * @param wireName a name such as {@code classify}
   * @return the type, or empty when no task has that name
   */
  public static Optional<TaskType> fromWireName(String wireName) {
    for (TaskType type : values()) {
      if (type.wireName().equals(wireName)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
