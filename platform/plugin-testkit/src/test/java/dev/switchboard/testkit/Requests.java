package dev.switchboard.testkit;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import java.util.List;

/** Request shorthands for the testkit's own tests. */
final class Requests {

  private Requests() {}

  static ChatRequest user(String text) {
    return new ChatRequest(null, List.of(ChatMessage.of("user", text)), null, null, null, null);
  }
}
