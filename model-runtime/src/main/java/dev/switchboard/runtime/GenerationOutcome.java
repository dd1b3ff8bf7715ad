package dev.switchboard.runtime;

import java.util.List;

/**
 * The result of one generation.
 *
 * @param text completion text, without any stop sequence, end-of-sequence token or tool-call blocks
 * @param finishReason why it ended
 * @param promptTokens tokens in the rendered prompt
 * @param completionTokens tokens generated (including a final end-of-sequence token)
 * @param toolCalls function calls the model made (only when tools were offered), else empty
 */
public record GenerationOutcome(
    String text,
    FinishReason finishReason,
    int promptTokens,
    int completionTokens,
    List<ToolCall> toolCalls) {

  /** Normalises the tool call list. */
  public GenerationOutcome {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /** An outcome without tool calls. */
  public GenerationOutcome(
      String text, FinishReason finishReason, int promptTokens, int completionTokens) {
    this(text, finishReason, promptTokens, completionTokens, List.of());
  }
}
