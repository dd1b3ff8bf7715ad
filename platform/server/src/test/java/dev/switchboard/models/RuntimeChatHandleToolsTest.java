package dev.switchboard.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.agent.ToolSpec;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.runtime.FinishReason;
import dev.switchboard.runtime.GenerationHandle;
import dev.switchboard.runtime.GenerationOutcome;
import dev.switchboard.runtime.LocalChatModel;
import dev.switchboard.runtime.Msg;
import dev.switchboard.runtime.SamplingParams;
import dev.switchboard.runtime.SchedulerMetrics;
import dev.switchboard.runtime.ToolCall;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The model handle passes tools to the runtime's template and its parsed calls back to plugins. */
class RuntimeChatHandleToolsTest {

  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  /** Records what it is asked and answers with a fixed outcome. */
  static final class Scripted implements LocalChatModel {
    final GenerationOutcome outcome;
    List<Msg> messages;
    List<Map<String, Object>> tools;

    Scripted(GenerationOutcome outcome) {
      this.outcome = outcome;
    }

    @Override
    public GenerationHandle generate(
        List<Msg> messages,
        List<Map<String, Object>> tools,
        SamplingParams params,
        Consumer<String> onText) {
      this.messages = messages;
      this.tools = tools;
      onText.accept(outcome.text());
      return new GenerationHandle() {
        @Override
        public CompletableFuture<GenerationOutcome> result() {
          return CompletableFuture.completedFuture(outcome);
        }

        @Override
        public void cancel() {}
      };
    }

    @Override
    public int countTokens(List<Msg> messages) {
      return messages.size();
    }

    @Override
    public int contextLength() {
      return 128;
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public SchedulerMetrics metrics() {
      return new SchedulerMetrics(0, 0, 1, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void close() {}
  }

  private static ChatResult run(Scripted model, ChatRequest request) throws Exception {
    return new RuntimeChatHandle(vertx, model)
        .generate(request, piece -> {})
        .result()
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }

  private static final ToolSpec WEATHER =
      new ToolSpec(
          "weather",
          "The weather in a city",
          new JsonObject()
              .put("type", "object")
              .put(
                  "properties",
                  new JsonObject().put("city", new JsonObject().put("type", "string")))
              .put("required", new JsonArray().add("city")));

  @Test
  void toolsAndToolTurnsReachTheTemplateAsPlainValues() throws Exception {
    Scripted model = new Scripted(new GenerationOutcome("Sunny.", FinishReason.STOP, 9, 2));
    ChatMessage call =
        new ChatMessage(
            "assistant",
            "",
            List.of(new dev.switchboard.api.chat.ToolCall("c1", "weather", "{\"city\":\"Oslo\"}")),
            null);
    ChatMessage result = new ChatMessage("tool", "{\"sky\":\"clear\"}", null, "c1");
    ChatRequest request =
        new ChatRequest(
            null,
            List.of(ChatMessage.of("user", "Weather?"), call, result),
            null,
            List.of(WEATHER),
            null,
            null);

    ChatResult answer = run(model, request);

    assertEquals("stop", answer.finishReason());
    assertTrue(answer.message().toolCalls().isEmpty());
    Map<String, Object> fn = (Map<String, Object>) model.tools.get(0).get("function");
    assertEquals("function", model.tools.get(0).get("type"));
    assertEquals("weather", fn.get("name"));
    Map<String, Object> parameters = (Map<String, Object>) fn.get("parameters");
    assertTrue(parameters.get("properties") instanceof Map, parameters.toString());
    assertEquals(List.of("city"), parameters.get("required"));
    assertEquals(
        List.of(new ToolCall("c1", "weather", "{\"city\":\"Oslo\"}")),
        model.messages.get(1).toolCalls());
    assertEquals(new Msg("tool", "{\"sky\":\"clear\"}"), model.messages.get(2));
  }

  @Test
  void parsedCallsComeBackAsToolCallsWithIdsUniqueAcrossTurns() throws Exception {
    GenerationOutcome outcome =
        new GenerationOutcome(
            "Checking.",
            FinishReason.STOP,
            12,
            20,
            List.of(new ToolCall("call_0", "weather", "{\"city\":\"Oslo\"}")));
    ChatRequest request =
        new ChatRequest(
            null, List.of(ChatMessage.of("user", "Weather?")), null, List.of(WEATHER), null, null);

    ChatResult first = run(new Scripted(outcome), request);
    ChatResult second = run(new Scripted(outcome), request);

    assertEquals("tool_calls", first.finishReason());
    assertEquals("Checking.", first.message().content());
    assertEquals("weather", first.message().toolCalls().get(0).name());
    assertEquals("{\"city\":\"Oslo\"}", first.message().toolCalls().get(0).arguments());
    assertEquals(20, first.usage().completionTokens());
    assertNotEquals(
        first.message().toolCalls().get(0).id(), second.message().toolCalls().get(0).id());
  }

  @Test
  void aCancelledGenerationReportsNoCalls() throws Exception {
    GenerationOutcome outcome =
        new GenerationOutcome(
            "", FinishReason.CANCELLED, 1, 1, List.of(new ToolCall("call_0", "weather", "{}")));
    ChatResult result =
        run(
            new Scripted(outcome),
            new ChatRequest(
                null, List.of(ChatMessage.of("user", "q")), null, List.of(WEATHER), null, null));
    assertEquals("cancelled", result.finishReason());
    assertTrue(result.message().toolCalls().isEmpty());
  }
}
