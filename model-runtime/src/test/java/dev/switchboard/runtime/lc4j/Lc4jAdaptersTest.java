package dev.switchboard.runtime.lc4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.switchboard.runtime.ChatModelOptions;
import dev.switchboard.runtime.LocalChatModel;
import dev.switchboard.runtime.ModelRuntime;
import dev.switchboard.runtime.store.RandomCheckpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Lc4jAdaptersTest {
  @TempDir static Path dir;
  static ModelRuntime runtime;
  static LocalChatModel chat;

  @BeforeAll
  static void setUp() {
    runtime = new ModelRuntime();
    chat =
        runtime.loadChat(
            RandomCheckpoint.create(dir.resolve("tiny"), "tiny", 21),
            ChatModelOptions.defaults().withName("tiny"));
  }

  @AfterAll
  static void tearDown() {
    runtime.close();
  }

  static ChatRequest request() {
    return ChatRequest.builder()
        .messages(SystemMessage.from("Be brief."), UserMessage.from("Hello"))
        .temperature(0.0)
        .maxOutputTokens(12)
        .build();
  }

  @Test
  void chatModelAndStreamingModelAgree() throws Exception {
    ChatResponse blocking = new RuntimeChatModel(chat).chat(request());
    assertEquals("tiny", blocking.modelName());
    assertTrue(blocking.tokenUsage().outputTokenCount() <= 12);
    assertTrue(blocking.tokenUsage().inputTokenCount() > 0);
    if (blocking.finishReason() == FinishReason.LENGTH) {
      assertEquals(12, blocking.tokenUsage().outputTokenCount());
    }
    StringBuilder parts = new StringBuilder();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    new RuntimeStreamingChatModel(chat)
        .chat(
            request(),
            new StreamingChatResponseHandler() {
              @Override
              public void onPartialResponse(String s) {
                parts.append(s);
              }

              @Override
              public void onCompleteResponse(ChatResponse r) {
                done.complete(r);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }
            });
    ChatResponse streamed = done.get(60, TimeUnit.SECONDS);
    assertEquals(blocking.aiMessage().text(), streamed.aiMessage().text());
    assertEquals(streamed.aiMessage().text(), parts.toString());
  }

  @Test
  void toolSpecificationsReachTheTemplate() {
    var spec =
        dev.langchain4j.agent.tool.ToolSpecification.builder()
            .name("get_time")
            .description("Current time")
            .parameters(
                dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder()
                    .addStringProperty("zone")
                    .build())
            .build();
    ChatRequest withTools =
        ChatRequest.builder()
            .messages(UserMessage.from("What time is it?"))
            .toolSpecifications(spec)
            .temperature(0.0)
            .maxOutputTokens(4)
            .build();
    ChatRequest without =
        ChatRequest.builder()
            .messages(UserMessage.from("What time is it?"))
            .temperature(0.0)
            .maxOutputTokens(4)
            .build();
    RuntimeChatModel m = new RuntimeChatModel(chat);
    int a = m.chat(withTools).tokenUsage().inputTokenCount();
    int b = m.chat(without).tokenUsage().inputTokenCount();
    assertTrue(a > b + 20, a + " vs " + b);
    var tools = Lc4jMapping.tools(withTools);
    assertEquals("get_time", ((java.util.Map<?, ?>) tools.get(0).get("function")).get("name"));
  }

  @Test
  void embeddingModelUsesTheBundledMiniLm() {
    RuntimeEmbeddingModel m = new RuntimeEmbeddingModel(runtime.bundledEmbedding());
    assertEquals(384, m.dimension());
    assertEquals("all-minilm-l6-v2", m.modelName());
    var r = m.embedAll(List.of(TextSegment.from("first text"), TextSegment.from("second text")));
    assertEquals(2, r.content().size());
    assertEquals(384, r.content().get(0).vector().length);
    assertTrue(r.tokenUsage().inputTokenCount() >= 8);
  }
}
