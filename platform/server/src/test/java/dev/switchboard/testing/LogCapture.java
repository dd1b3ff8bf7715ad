package dev.switchboard.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records every log line of this JVM, formatted with message, key/value pairs and stack traces, so
 * a test can check what the server printed (and what it must never print).
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private final PatternLayout layout = new PatternLayout();
  private final List<String> lines = new ArrayList<>();

  private LogCapture() {}

  /** Starts recording at every level. */
  public static LogCapture attach() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogCapture capture = new LogCapture();
    capture.setContext(context);
    capture.layout.setContext(context);
    capture.layout.setPattern("%level %logger - %msg %kvp %mdc%n%ex");
    capture.layout.start();
    capture.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
    return capture;
  }

  @Override
  protected void append(ILoggingEvent event) {
    String line = layout.doLayout(event);
    synchronized (lines) {
      lines.add(line);
    }
  }

  /** Everything recorded so far. */
  public String text() {
    synchronized (lines) {
      return String.join("", lines);
    }
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
    stop();
  }
}
