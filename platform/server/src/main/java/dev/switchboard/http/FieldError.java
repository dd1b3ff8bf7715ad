package dev.switchboard.http;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;

/**
 * A 400 about one field of a request. The message names the field by where it is ({@code
 * body.messages[0].role: ...}, {@code query.limit: ...}); {@link #param()} carries the field alone,
 * which the error body reports as {@code param}, the way OpenAI's errors do.
 */
public final class FieldError extends TaskException {

  private static final long serialVersionUID = 1L;

  private final String param;

  FieldError(String param, String message) {
    super(ErrorCode.INVALID_INPUT, message);
    this.param = param;
  }

  /** The offending field ({@code messages[0].role}, {@code limit}), or null for the whole body. */
  public String param() {
    return param;
  }
}
