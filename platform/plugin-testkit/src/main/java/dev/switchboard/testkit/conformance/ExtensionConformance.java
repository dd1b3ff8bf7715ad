package dev.switchboard.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.testkit.PluginTestHost;
import dev.switchboard.testkit.TaskOutcome;
import dev.switchboard.testkit.TaskRun;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** What every conformance suite shares: a host per test and the settings a plugin may override. */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public abstract class ExtensionConformance {

  private PluginTestHost host;

  /** Creates the suite; JUnit does this through your subclass. */
  protected ExtensionConformance() {}

  /**
   * Creates the host each test runs against. Override to set a plugin id, config or scripted
   * models.
   *
   * @return a new host; the suite closes it
   */
  protected PluginTestHost createHost() {
    return PluginTestHost.create();
  }

  /**
   * The name of the extension under test, when the plugin contributes several of its type.
   *
   * @return the {@link dev.switchboard.api.TaskExtension#name()}, or null for the only one
   */
  protected String extensionName() {
    return null;
  }

  /**
   * The deadline of each task the suite runs; a hung extension fails the test after it.
   *
   * @return 10 seconds by default
   */
  protected Duration taskDeadline() {
    return Duration.ofSeconds(10);
  }

  /**
   * The longest an extension method may run on the event loop before returning its future, once
   * warmed up.
   *
   * @return 100 ms by default
   */
  protected Duration maxEventLoopTime() {
    return Duration.ofMillis(100);
  }

  /**
   * The host of the current test.
   *
   * @return the host
   */
  protected final PluginTestHost host() {
    return host;
  }

  /**
   * A task against the extension under test, with the suite's deadline.
   *
   * @return a new run
   */
  protected final TaskRun task() {
    TaskRun run = host.task().deadline(taskDeadline());
    String name = extensionName();
    return name == null ? run : run.extension(name);
  }

  /**
   * Asserts that a warmed-up call returned its future quickly.
   *
   * @param outcome the outcome of the call
   */
  protected final void assertEventLoopNotBlocked(TaskOutcome<?> outcome) {
    assertTrue(
        outcome.eventLoopTime().compareTo(maxEventLoopTime()) <= 0,
        () ->
            "the extension held the event loop for "
                + outcome.eventLoopTime().toMillis()
                + " ms before returning its future; do slow work on a worker or in the runtime");
  }

  @BeforeEach
  final void startHost() {
    host = createHost();
  }

  @AfterEach
  final void closeHost() {
    if (host != null) {
      host.close();
    }
  }
}
