package dev.switchboard.routing;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Carries structured errors across the event bus: a failed reply's code is the HTTP status and its
 * message the JSON {@code {code, message}}, so the HTTP side can answer with the error model.
 */
public final class TaskFailures {

  private TaskFailures() {}

  /** Fails a request with a structured error. */
  public static void fail(Message<?> message, TaskException error) {
    message.fail(
        error.code().httpStatus(),
        new JsonObject()
            .put("code", error.code().wireName())
            .put("message", error.getMessage())
            .encode());
  }

  /**
   * Turns whatever a bus request failed with into a {@link TaskException}: structured replies keep
   * their code, a timeout is {@link ErrorCode#DEADLINE_EXCEEDED}, no consumer is {@link
   * ErrorCode#UNAVAILABLE}.
   *
   * @param failure the failure
   * @param unavailableMessage what to say when nobody consumed the address
   * @return the failure as a task exception
   */
  public static TaskException from(Throwable failure, String unavailableMessage) {
    if (failure instanceof TaskException e) {
      return e;
    }
    if (failure instanceof ReplyException reply) {
      switch (reply.failureType()) {
        case TIMEOUT:
          return new TaskException(ErrorCode.DEADLINE_EXCEEDED, "the request's deadline passed");
        case NO_HANDLERS:
          return new TaskException(ErrorCode.UNAVAILABLE, unavailableMessage);
        default:
          return decode(reply);
      }
    }
    return new TaskException(ErrorCode.INTERNAL, "internal error", failure);
  }

  private static TaskException decode(ReplyException reply) {
    try {
      JsonObject json = new JsonObject(reply.getMessage());
      return new TaskException(
          ErrorCode.fromWireName(json.getString("code")), json.getString("message", "failed"));
    } catch (DecodeException | NullPointerException | ClassCastException e) {
      return new TaskException(ErrorCode.INTERNAL, "internal error", reply);
    }
  }
}
