package dev.switchboard.testkit.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.agent.ToolSpec;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeToolCallsTest {

  private static ChatRequest ask(List<ToolSpec> tools) {
    return new ChatRequest(null, List.of(ChatMessage.of("user", "q")), null, tools, null, null);
  }

  private static ChatResult run(FakeChatModel model, ChatRequest request, List<String> pieces)
      throws Exception {
    return model
        .generate(request, pieces::add)
        .result()
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }

  @Test
  void callsToolsAfterItsTextWithoutStreamingThemWhenToolsAreOffered() throws Exception {
    FakeChatModel model =
        FakeChatModel.named("m")
            .answeringInTurns(
                new FakeReply("Let me see.", List.of()).andToolCall("t", "{\"a\":1}"),
                FakeReply.text("Done."));
    List<String> pieces = new CopyOnWriteArrayList<>();
    ChatResult first = run(model, ask(List.of(new ToolSpec("t", null, null))), pieces);
    assertEquals("tool_calls", first.finishReason());
    assertEquals("Let me see.", String.join("", pieces));
    assertEquals("call_0", first.message().toolCalls().get(0).id());
    assertEquals("{\"a\":1}", first.message().toolCalls().get(0).arguments());

    ChatResult second = run(model, ask(List.of(new ToolSpec("t", null, null))), pieces);
    assertEquals("Done.", second.message().content());
    assertEquals("stop", second.finishReason());
    ChatResult third = run(model, ask(List.of()), new CopyOnWriteArrayList<>());
    assertEquals("Done.", third.message().content(), "the last turn repeats");
  }

  @Test
  void makesNoToolCallsWhenNoToolIsOffered() throws Exception {
    FakeChatModel model =
        FakeChatModel.named("m").answering(r -> FakeReply.toolCall("t", "{}").andToolCall("u", ""));
    ChatResult result = run(model, ask(List.of()), new CopyOnWriteArrayList<>());
    assertEquals("stop", result.finishReason());
    assertTrue(result.message().toolCalls().isEmpty());
  }
}
