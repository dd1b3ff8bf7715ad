package dev.switchboard.routing;

import dev.switchboard.api.TaskType;

/**
 * Every event-bus address the platform uses, in one place. All live under the reserved {@code sb.}
 * prefix; plugins never see them.
 */
public final class Addresses {

  /** The reserved prefix; nothing outside the platform registers under it. */
  public static final String PREFIX = "sb.";

  private Addresses() {}

  /** Where the router takes tasks of a type: {@code sb.task.chat}. */
  public static String task(TaskType type) {
    return PREFIX + "task." + type.wireName();
  }

  /** Where a plugin's endpoint takes tasks of a type: {@code sb.plugin.hello.chat}. */
  public static String plugin(String pluginId, TaskType type) {
    return PREFIX + "plugin." + pluginId + "." + type.wireName();
  }

  /**
   * A plugin endpoint's own address on one event-loop thread: {@code sb.plugin.hello.chat@17}.
   * Sending there from that thread keeps the request and its reply on the thread, with no hand-off
   * to another event loop.
   */
  public static String pluginOnThread(String pluginId, TaskType type, Thread thread) {
    return plugin(pluginId, type) + "@" + thread.getId();
  }

  /** Where the chunks of one streamed request go: {@code sb.stream.<requestId>}. */
  public static String stream(String requestId) {
    return PREFIX + "stream." + requestId;
  }

  /** Where one training job's progress is published: {@code sb.training.<jobId>}. */
  public static String training(String jobId) {
    return PREFIX + "training." + jobId;
  }

  /** Where a cancellation of one request is published: {@code sb.cancel.<requestId>}. */
  public static String cancel(String requestId) {
    return PREFIX + "cancel." + requestId;
  }
}
