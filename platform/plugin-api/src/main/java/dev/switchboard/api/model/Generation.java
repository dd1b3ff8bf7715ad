package dev.switchboard.api.model;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.chat.ChatResult;
import io.vertx.core.Future;

/** A generation under way on a local model. */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public interface Generation {

  /**
   * Completes when generation ends: at a stop condition, at the token limit or when cancelled
   * (finish reason {@code cancelled}).
   *
   * @return the whole result
   */
  Future<ChatResult> result();

  /** Stops generation at the next step and frees its batch slot. Safe to call more than once. */
  void cancel();
}
