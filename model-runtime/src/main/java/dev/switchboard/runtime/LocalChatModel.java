package dev.switchboard.runtime;

import java.util.List;
import java.util.function.Consumer;

/**
 * A locally hosted chat model behind a continuous-batching scheduler. Thread-safe; all model work
 * runs on the model's own scheduler thread.
 */
public interface LocalChatModel extends AutoCloseable {
  /**
   * Queues a generation. {@code onText} receives text pieces in order on the scheduler thread (keep
   * it fast; hop to another executor for slow work); pieces never contain a stop sequence.
   */
  GenerationHandle generate(List<Msg> messages, SamplingParams params, Consumer<String> onText);

  /** Tokens of the rendered prompt for these messages (chat template and generation prompt). */
  int countTokens(List<Msg> messages);

  /** Longest prompt plus completion this deployment accepts. */
  int contextLength();

  /** Served name. */
  String name();

  /** Scheduler metrics right now. */
  SchedulerMetrics metrics();

  /** Stops the scheduler (queued and running requests finish as cancelled) and frees memory. */
  @Override
  void close();
}
