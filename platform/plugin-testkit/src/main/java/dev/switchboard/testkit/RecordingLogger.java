package dev.switchboard.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Keeps every line for assertions and passes it on to the real logger, prefixed with the request
 * id, so test output reads like the server's.
 */
final class RecordingLogger extends LegacyAbstractLogger {

  private static final long serialVersionUID = 1L;

  private final transient Logger delegate;
  private final String requestId;
  private final transient List<LogEntry> entries = new CopyOnWriteArrayList<>();

  RecordingLogger(String pluginId, String requestId) {
    this.name = "switchboard.plugin." + pluginId;
    this.delegate = LoggerFactory.getLogger(name);
    this.requestId = requestId;
  }

  List<LogEntry> entries() {
    return List.copyOf(entries);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    entries.add(new LogEntry(level, message, throwable));
    delegate
        .atLevel(level)
        .setMessage("[{}] {}")
        .addArgument(requestId)
        .addArgument(message)
        .setCause(throwable)
        .log();
  }

  // Everything is recorded; the delegate's own configuration decides what is printed.
  @Override
  public boolean isTraceEnabled() {
    return true;
  }

  @Override
  public boolean isDebugEnabled() {
    return true;
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }
}
