package dev.switchboard.testkit.models;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The thread fake models stream on. Real handles call back on runtime threads, never on the
 * caller's event loop, so the fakes do too; one daemon thread is enough and never keeps a test JVM
 * alive.
 */
final class FakeRuntime {

  static final ScheduledExecutorService EXECUTOR =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "switchboard-fake-runtime");
            thread.setDaemon(true);
            return thread;
          });

  private FakeRuntime() {}
}
