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

  /** Llama 3 templates print today's date with {@code strftime_now("%d %b %Y")}. */
  public static String strftimeNow(String format) {
    java.time.LocalDate d = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    String f =
        format
            .replace("%d", String.format("%02d", d.getDayOfMonth()))
            .replace(
                "%b",
                d.getMonth()
                    .getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH))
            .replace(
                "%B",
                d.getMonth()
                    .getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH))
            .replace("%m", String.format("%02d", d.getMonthValue()))
            .replace("%Y", String.valueOf(d.getYear()));
    return f;
  }

  static final ThreadLocal<String> LAST_ERROR = new ThreadLocal<>();
}
