package dev.switchboard.runtime.text;

/** Functions that Hugging Face chat templates call. */
public final class TemplateFunctions {
  private TemplateFunctions() {}

  /** Templates call {@code raise_exception('...')} to reject a conversation they cannot format. */
  public static String raiseException(String message) {
    // Jinjava wraps exceptions from functions into a generic error; keep the template's own words.
    LAST_ERROR.set(message);
    throw new IllegalArgumentException("chat template: " + message);
  }

  static final ThreadLocal<String> LAST_ERROR = new ThreadLocal<>();
}
