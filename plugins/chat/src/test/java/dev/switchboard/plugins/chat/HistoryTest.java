package dev.switchboard.plugins.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.api.chat.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

  private static ChatMessage user(String text) {
    return ChatMessage.of("user", text);
  }

  private static ChatMessage assistant(String text) {
    return ChatMessage.of("assistant", text);
  }

  @Test
  void prependsStoredTurnsWithoutTheirSystemMessages() {
    List<ChatMessage> stored =
        List.of(ChatMessage.of("system", "old"), user("q1"), assistant("a1"));
    assertEquals(
        List.of(user("q1"), assistant("a1"), user("q2")),
        History.join(stored, List.of(user("q2"))));
  }

  @Test
  void aTurnTheHostAlreadyStoredIsNotSentTwice() {
    List<ChatMessage> stored = List.of(user("q1"), assistant("a1"), user("q2"));
    assertEquals(
        List.of(user("q1"), assistant("a1"), user("q2")),
        History.join(stored, List.of(user("q2"))));
  }

  @Test
  void aClientThatResendsTheWholeConversationIsNotDoubled() {
    List<ChatMessage> stored = List.of(user("q1"), assistant("a1"));
    List<ChatMessage> request = List.of(user("q1"), assistant("a1"), user("q2"));
    assertEquals(request, History.join(stored, request));
  }
}
