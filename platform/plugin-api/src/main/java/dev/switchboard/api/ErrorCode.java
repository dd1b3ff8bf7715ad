package dev.switchboard.api;

/**
 * The error categories of the platform's error model, each with the HTTP status the server answers
 * with. A plugin signals one by failing its future with a {@link TaskException}.
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public enum ErrorCode {
  /** The input is malformed or violates a constraint (400). */
  INVALID_INPUT(400),
  /** The caller is not authenticated (401). */
  UNAUTHENTICATED(401),
  /** The caller may not do this (403). */
  FORBIDDEN(403),
  /** A plugin, model, task, collection or other named thing does not exist (404). */
  NOT_FOUND(404),
  /** The request conflicts with the current state (409). */
  CONFLICT(409),
  /** The body or an upload is too large (413). */
  TOO_LARGE(413),
  /** The caller or a queue is over its limit; retry later (429). */
  RATE_LIMITED(429),
  /** Something failed inside a plugin or the server (500). */
  INTERNAL(500),
  /** No plugin or model is available to serve the task (503). */
  UNAVAILABLE(503),
  /** The request's deadline passed before it finished (504). */
  DEADLINE_EXCEEDED(504);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /**
   * The HTTP status the server answers with for this code.
   *
   * @return an HTTP status code
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The lowercase wire name used in {@code {"error":{"code":...}}}.
   *
   * @return for example {@code invalid_input}
   */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Parses a wire name back into a code.
   *
   * @param wireName a name as returned by {@link #wireName()}
   * @return the code, or {@link #INTERNAL} for an unknown name
   */
  public static ErrorCode fromWireName(String wireName) {
    for (ErrorCode code : values()) {
      if (code.wireName().equals(wireName)) {
        return code;
      }
    }
    return INTERNAL;
  }
}
