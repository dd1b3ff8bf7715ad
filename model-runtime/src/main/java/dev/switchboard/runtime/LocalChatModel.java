package dev.switchboard.runtime;

import java.util.List;
import java.util.Map;
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
  default GenerationHandle generate(
      List<Msg> messages, SamplingParams params, Consumer<String> onText) {
    return generate(messages, List.of(), params, onText);
  }

  /**
   * Queues a generation with tools offered to the model. {@code tools} are OpenAI-style function
   * definitions ({@code {"type": "function", "function": {"name", "description", "parameters"}}})
   * handed to the chat template; tool calls the model writes (Hermes/Qwen {@code <tool_call>}
   * blocks) are not streamed but parsed into {@link GenerationOutcome#toolCalls()}.
   */
  GenerationHandle generate(
      List<Msg> messages,
      List<Map<String, Object>> tools,
      SamplingParams params,
      Consumer<String> onText);

  /** Tokens of the rendered prompt for these messages (chat template and generation prompt). */
  int countTokens(List<Msg> messages);

  /**
   * Tokens of the rendered prompt with these tools offered (templates describe them in the prompt);
   * by default the tools are not counted.
   */
  default int countTokens(List<Msg> messages, List<Map<String, Object>> tools) {
    return countTokens(messages);
  }

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
