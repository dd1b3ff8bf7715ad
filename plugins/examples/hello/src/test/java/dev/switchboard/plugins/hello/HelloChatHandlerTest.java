package dev.switchboard.plugins.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.testkit.PluginTest;
import dev.switchboard.testkit.PluginTestHost;
import dev.switchboard.testkit.StreamAssertions;
import dev.switchboard.testkit.TaskOutcome;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@PluginTest(pluginId = "hello")
class HelloChatHandlerTest {

  @Test
  void greetsTheLastUserMessageWordByWord(PluginTestHost host) {
    TaskOutcome<ChatResult> outcome = host.chat("Ada Lovelace");

    ChatResult result = outcome.result();
    assertEquals("Hello, Ada Lovelace", result.message().content());
    assertEquals("stop", result.finishReason());
    assertEquals(2, result.usage().promptTokens());
    assertEquals(3, result.usage().completionTokens());
    StreamAssertions.assertThat(outcome)
        .isChatStream()
        .hasDeltas("Hello,", " Ada", " Lovelace")
        .hasText(result.message().content());
  }

  @Test
  void answersTheLastUserMessageOfAConversation(PluginTestHost host) {
    ChatRequest request =
        new ChatRequest(
            null,
            List.of(
                ChatMessage.of("system", "Be nice."),
                ChatMessage.of("user", "Bob"),
                ChatMessage.of("assistant", "Hello, Bob"),
                ChatMessage.of("user", "  Carol  ")),
            null,
            null,
            null,
            null);
    assertEquals("Hello, Carol", host.chat(request).result().message().content());
  }

  @Test
  @PluginTest(pluginId = "hello", config = "{\"greeting\": \"Good day\"}")
  void usesTheConfiguredGreeting(PluginTestHost host) {
    assertEquals("Good day, Ada", host.chat("Ada").result().message().content());
  }

  @Test
  void fallsBackToHelloWhenTheGreetingIsNotText(PluginTestHost host) {
    host.config(new JsonObject().put("greeting", 42));
    assertEquals("Hello, Ada", host.chat("Ada").result().message().content());
  }

  @Test
  void stopsStreamingWhenCancelled(PluginTestHost host) {
    TaskOutcome<ChatResult> outcome = host.task().cancelAfterChunks(2).chat("one two three four");

    assertEquals("cancelled", outcome.result().finishReason());
    assertEquals("Hello, one", outcome.result().message().content());
    StreamAssertions.assertThat(outcome).hasText("Hello, one");
    assertEquals(0, outcome.chunksAfterCancel());
  }

  @Test
  void streamsNothingPastItsDeadline(PluginTestHost host) {
    TaskOutcome<ChatResult> outcome = host.task().deadline(Duration.ZERO).chat("Ada");

    assertEquals("cancelled", outcome.result().finishReason());
    StreamAssertions.assertThat(outcome).isEmpty();
  }

  @Test
  void rejectsAConversationWithoutAUserMessage(PluginTestHost host) {
    ChatRequest request =
        new ChatRequest(
            null, List.of(ChatMessage.of("system", "Be nice.")), null, null, null, null);
    host.chat(request).assertFailedWith(ErrorCode.INVALID_INPUT);
  }
}
