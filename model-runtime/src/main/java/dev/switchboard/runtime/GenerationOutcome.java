package dev.switchboard.runtime;

/**
 * The result of one generation.
 *
 * @param text completion text, without any stop sequence or end-of-sequence token
 * @param finishReason why it ended
 * @param promptTokens tokens in the rendered prompt
 * @param completionTokens tokens generated (including a final end-of-sequence token)
 */
public record GenerationOutcome(
    String text, FinishReason finishReason, int promptTokens, int completionTokens) {}
