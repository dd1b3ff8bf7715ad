package dev.switchboard.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.testkit.StreamAssertions;
import dev.switchboard.testkit.TaskOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour the server expects of every {@link dev.switchboard.api.chat.ChatHandler}. Extend it
 * in your tests:
 *
 * <pre>{@code
 * class MyChatHandlerConformanceTest extends ChatHandlerConformance {}
 * }</pre>
 *
 * <p>To leave out a check that does not apply to your handler, override its method without
 * {@code @Test}.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public abstract class ChatHandlerConformance extends ExtensionConformance {

  private static final Set<String> FINISHED = Set.of("stop", "length", "tool_calls");

  /** Creates the suite; JUnit does this through your subclass. */
  protected ChatHandlerConformance() {}

  /**
   * A conversation the handler answers normally, streaming at least two chunks if it streams.
   *
   * @return one user message by default
   */
  protected ChatRequest simpleConversation() {
    return conversation(ChatMessage.of("user", "Hello there, how are you today?"));
  }

  /**
   * A conversation with nothing to answer, which the handler must reject with {@link
   * ErrorCode#INVALID_INPUT}. (A conversation without any message never reaches a handler: the
   * request record rejects it.)
   *
   * @return one user message with blank content by default
   */
  protected ChatRequest emptyConversation() {
    return conversation(ChatMessage.of("user", "   "));
  }

  /**
   * How many chunks a handler may still emit after it was cancelled, for a piece already in flight.
   *
   * @return 1 by default
   */
  protected int chunksAllowedAfterCancel() {
    return 1;
  }

  /**
   * Builds a request from messages with default settings.
   *
   * @param messages the conversation
   * @return the request
   */
  protected static ChatRequest conversation(ChatMessage... messages) {
    return new ChatRequest(null, List.of(messages), null, null, null, null);
  }

  /** The handler answers with a non-blank assistant message and a normal finish reason. */
  @Test
  public void answersASimpleConversation() {
    ChatResult result = task().chat(simpleConversation()).result();
    assertEquals("assistant", result.message().role(), "role of the answer");
    assertFalse(result.message().content().isBlank(), "the answer is blank");
    assertTrue(
        FINISHED.contains(result.finishReason()),
        "unexpected finish reason " + result.finishReason());
    assertTrue(result.usage().promptTokens() >= 0 && result.usage().completionTokens() >= 0);
  }

  /** When the handler streams, the chunks are chat chunks and add up to the final message. */
  @Test
  public void streamedTextEqualsTheFinalMessage() {
    TaskOutcome<ChatResult> outcome = task().chat(simpleConversation());
    String answer = outcome.result().message().content();
    if (!outcome.chunks().isEmpty()) {
      StreamAssertions.assertThat(outcome).isChatStream().hasText(answer);
    }
  }

  /** Cancelled after its first chunk, the handler stops streaming and completes promptly. */
  @Test
  public void stopsWhenCancelled() {
    TaskOutcome<ChatResult> full = task().chat(simpleConversation());
    assumeTrue(
        full.chunks().size() >= 2,
        "the handler streams fewer than two chunks for simpleConversation(): nothing to cancel");

    TaskOutcome<ChatResult> cancelled = task().cancelAfterChunks(1).chat(simpleConversation());

    assertTrue(cancelled.completed(), "the handler never completed after it was cancelled");
    assertTrue(
        cancelled.chunksAfterCancel() <= chunksAllowedAfterCancel(),
        () -> "the handler kept streaming after it was cancelled: " + cancelled.chunks());
    assertTrue(
        cancelled.chunks().size() < full.chunks().size(),
        "the handler streamed its whole answer although it was cancelled");
    if (cancelled.succeeded()) {
      assertEquals("cancelled", cancelled.result().finishReason(), "finish reason when cancelled");
    }
  }

  /** A task whose deadline has already passed is cancelled from the start and ends at once. */
  @Test
  public void stopsWhenTheDeadlineHasPassed() {
    TaskOutcome<ChatResult> outcome = task().deadline(Duration.ZERO).chat(simpleConversation());

    assertTrue(outcome.completed(), "the handler never completed after its deadline");
    if (outcome.succeeded()) {
      assertEquals("cancelled", outcome.result().finishReason(), "finish reason past the deadline");
    }
  }

  /** A conversation with nothing to answer fails with INVALID_INPUT and streams nothing. */
  @Test
  public void rejectsAnEmptyConversation() {
    TaskOutcome<ChatResult> outcome = task().chat(emptyConversation());
    outcome.assertFailedWith(ErrorCode.INVALID_INPUT);
    StreamAssertions.assertThat(outcome).isEmpty();
  }

  /** The handler returns its future without holding the event loop. */
  @Test
  public void doesNotBlockTheEventLoop() {
    task().chat(simpleConversation());
    assertEventLoopNotBlocked(task().chat(simpleConversation()));
  }
}
