package dev.switchboard.api;

/**
 * A failure with a category the server maps to an HTTP status. Plugins fail their futures with it
 * to say what went wrong; any other exception counts as {@link ErrorCode#INTERNAL}.
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public class TaskException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The category of the failure. */
  private final ErrorCode code;

  /**
   * Creates a failure.
   *
   * @param code the category, never null
   * @param message a message for the caller; it is shown to API clients, so no secrets
   */
  public TaskException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  /**
   * Creates a failure with a cause.
   *
   * @param code the category, never null
   * @param message a message for the caller
   * @param cause the underlying exception, logged by the server but not shown to the caller
   */
  public TaskException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /**
   * The category of the failure.
   *
   * @return the code, never null
   */
  public ErrorCode code() {
    return code;
  }

  /**
   * Shorthand for an {@link ErrorCode#INVALID_INPUT} failure.
   *
   * @param message what is wrong with the input
   * @return the exception
   */
  public static TaskException invalid(String message) {
    return new TaskException(ErrorCode.INVALID_INPUT, message);
  }

  /**
   * Shorthand for an {@link ErrorCode#NOT_FOUND} failure.
   *
   * @param message what was not found
   * @return the exception
   */
  public static TaskException notFound(String message) {
    return new TaskException(ErrorCode.NOT_FOUND, message);
  }

  /**
   * Shorthand for an {@link ErrorCode#UNAVAILABLE} failure.
   *
   * @param message what is missing and how to add it
   * @return the exception
   */
  public static TaskException unavailable(String message) {
    return new TaskException(ErrorCode.UNAVAILABLE, message);
  }
}
