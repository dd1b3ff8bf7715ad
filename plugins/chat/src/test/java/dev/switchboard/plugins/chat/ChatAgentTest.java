package dev.switchboard.plugins.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.agent.Tool;
import dev.switchboard.api.agent.ToolSpec;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.api.chat.GenerationParams;
import dev.switchboard.api.index.IndexedChunk;
import dev.switchboard.api.index.IndexedDocument;
import dev.switchboard.api.retrieve.RetrievedChunk;
import dev.switchboard.testkit.PluginTest;
import dev.switchboard.testkit.PluginTestHost;
import dev.switchboard.testkit.StreamAssertions;
import dev.switchboard.testkit.TaskOutcome;
import dev.switchboard.testkit.models.FakeChatModel;
import dev.switchboard.testkit.models.FakeModelCatalog;
import dev.switchboard.testkit.models.FakeReply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

@PluginTest(pluginId = "chat")
class ChatAgentTest {

  private static ChatRequest request(JsonObject extra, String conversationId, ChatMessage... m) {
    return new ChatRequest(null, List.of(m), null, null, conversationId, extra);
  }

  private static ChatMessage user(String text) {
    return ChatMessage.of("user", text);
  }

  private static ChatMessage assistant(String text) {
    return ChatMessage.of("assistant", text);
  }

  private static String systemPrompt(ChatRequest sent) {
    ChatMessage first = sent.messages().get(0);
    return first.role().equals("system") ? first.content() : null;
  }

  // ---- generation --------------------------------------------------------------------------

  @Test
  void streamsTheModelsAnswerAndReportsUsage(PluginTestHost host) {
    host.models().chatModel().replying("Paris is the capital of France.");
    TaskOutcome<ChatResult> outcome = host.chat("What is the capital of France?");
    ChatResult result = outcome.result();
    assertEquals("Paris is the capital of France.", result.message().content());
    assertEquals("stop", result.finishReason());
    assertEquals(FakeModelCatalog.DEFAULT_CHAT, result.model());
    assertEquals(6, result.usage().promptTokens());
    assertEquals(6, result.usage().completionTokens());
    StreamAssertions.assertThat(outcome).isChatStream().hasText(result.message().content());
    assertTrue(outcome.chunks().size() > 1, "streamed piece by piece");
  }

  @Test
  void withoutAChatModelItAnswers503AndSaysHowToAddOne() {
    try (PluginTestHost host =
        PluginTestHost.builder().pluginId("chat").models(FakeModelCatalog.empty()).build()) {
      TaskOutcome<ChatResult> outcome = host.chat("hello");
      TaskException e = outcome.assertFailedWith(ErrorCode.UNAVAILABLE);
      assertTrue(e.getMessage().contains("no chat model"), e.getMessage());
      StreamAssertions.assertThat(outcome).isEmpty();
    }
  }

  @Test
  void passesTheRequestedModelAndGenerationParams(PluginTestHost host) {
    host.models().add(FakeChatModel.named("other").replying("one two three four"));
    ChatRequest request =
        new ChatRequest(
            "other",
            List.of(user("hi")),
            new GenerationParams(2, 0.0, null, null, null, List.of(), 7L),
            null,
            null,
            null);
    ChatResult result = host.chat(request).result();
    assertEquals("other", result.model());
    assertEquals("length", result.finishReason());
    assertEquals(" one two".strip(), result.message().content().strip());
    assertEquals(2, host.models().chatModel("other").requests().get(0).params().maxTokens());
  }

  // ---- system prompt -----------------------------------------------------------------------

  @Test
  void theRoutesSystemPromptComesFirstThenTheClients(PluginTestHost host) {
    host.config(new JsonObject().put("systemPrompt", "from plugin config"));
    host.chat(
            request(
                new JsonObject().put("systemPrompt", "You are terse."),
                null,
                ChatMessage.of("system", "Answer in French."),
                user("hi")))
        .result();
    ChatRequest sent = host.models().chatModel().requests().get(0);
    assertEquals("You are terse.\n\nAnswer in French.", systemPrompt(sent));
    assertEquals(List.of(user("hi")), sent.messages().subList(1, sent.messages().size()));
  }

  @Test
  void thePluginConfigIsTheFallbackForTheSystemPrompt(PluginTestHost host) {
    host.config(new JsonObject().put("systemPrompt", "Be kind."));
    host.chat("hi").result();
    assertEquals("Be kind.", systemPrompt(host.models().chatModel().requests().get(0)));
  }

  @Test
  void aMistypedSettingIsRejected(PluginTestHost host) {
    TaskException e =
        host.chat(request(new JsonObject().put("topK", "ten"), null, user("hi")))
            .assertFailedWith(ErrorCode.INVALID_INPUT);
    assertTrue(e.getMessage().contains("topK"), e.getMessage());
  }

  // ---- memory ------------------------------------------------------------------------------

  @Test
  void earlierTurnsOfAStoredConversationAreRemembered(PluginTestHost host) {
    host.conversations().add("c1", user("My name is Ada."), assistant("Hello Ada."));
    host.chat(request(null, "c1", user("What is my name?"))).result();
    assertEquals(
        List.of(user("My name is Ada."), assistant("Hello Ada."), user("What is my name?")),
        host.models().chatModel().requests().get(0).messages());
  }

  @Test
  void aNewConversationHasNoMemoryYet(PluginTestHost host) {
    ChatResult result = host.chat(request(null, "never-stored", user("hi"))).result();
    assertEquals("stop", result.finishReason());
    assertEquals(List.of(user("hi")), host.models().chatModel().requests().get(0).messages());
  }

  @Test
  void memoryKeepsTheNewestTurnsThatFitTheTokenBudget(PluginTestHost host) {
    for (int i = 0; i < 10; i++) {
      host.conversations()
          .add("long", user("question number " + i), assistant("answer number " + i + " here"));
    }
    // The fake counts words: the system prompt takes 2, the new question 2, each old turn 7.
    JsonObject extra =
        new JsonObject().put("systemPrompt", "Be brief.").put("memoryTokens", 2 + 2 + 3 * 7 + 3);
    host.chat(request(extra, "long", user("and now?"))).result();
    List<ChatMessage> sent = host.models().chatModel().requests().get(0).messages();
    assertEquals(ChatMessage.of("system", "Be brief."), sent.get(0));
    assertEquals(user("question number 7"), sent.get(1), "the oldest kept turn starts with a user");
    assertEquals(assistant("answer number 9 here"), sent.get(sent.size() - 2));
    assertEquals(user("and now?"), sent.get(sent.size() - 1));
    assertEquals(8, sent.size());
    assertEquals(1, host.metrics().count("chat_memory_trimmed"));
  }

  @Test
  void theBudgetLeavesRoomForTheAnswer(PluginTestHost host) {
    host.models().chatModel().contextLength(40);
    for (int i = 0; i < 10; i++) {
      host.conversations().add("c", user("q " + i), assistant("a " + i));
    }
    ChatRequest request =
        new ChatRequest(
            null,
            List.of(user("now")),
            new GenerationParams(30, null, null, null, null, List.of(), null),
            null,
            "c",
            null);
    host.chat(request).result();
    List<ChatMessage> sent = host.models().chatModel().requests().get(0).messages();
    // 40 context - 30 for the answer = 10 prompt tokens: "now" and two old turns of 4 tokens.
    assertEquals(List.of(user("q 9"), assistant("a 9"), user("now")), sent.subList(2, 5));
    assertEquals(5, sent.size());
  }

  // ---- retrieval and citations -------------------------------------------------------------

  private static void index(PluginTestHost host, String collection, String id, String text) {
    host.documents()
        .replace(
            new IndexedDocument(
                collection,
                id,
                text,
                null,
                null,
                List.of(new IndexedChunk(text, 0, text.length(), new float[] {1f}, null))));
  }

  @Test
  void groundsTheAnswerInNumberedSourcesAndReturnsTheCitedOnes(PluginTestHost host) {
    index(host, "kb", "paris", "Paris is the capital of France.");
    index(host, "kb", "berlin", "Berlin is the capital of Germany.");
    index(host, "kb", "cats", "Cats sleep a lot.");
    host.models().chatModel().replying("It is Paris [2] not Berlin [1][2] nor [7].");

    TaskOutcome<ChatResult> outcome =
        host.chat(
            request(
                new JsonObject().put("collection", "kb").put("topK", 2),
                null,
                user("Which city is the capital of France or Germany?")));
    ChatResult result = outcome.result();

    assertEquals("kb", host.subtasks().retrievals().get(0).collection());
    assertEquals(2, host.subtasks().retrievals().get(0).topK());
    String system = systemPrompt(host.models().chatModel().requests().get(0));
    assertTrue(system.contains("[1] ("), system);
    assertTrue(system.contains("[2] ("), system);
    assertFalse(system.contains("\n[3]"), system);
    assertTrue(system.contains("cite"), system);

    JsonArray retrieved = result.metadata().getJsonArray("retrieved");
    JsonArray citations = result.metadata().getJsonArray("citations");
    assertEquals(2, retrieved.size());
    assertEquals(2, citations.size());
    JsonObject first = citations.getJsonObject(0);
    assertEquals(2, first.getInteger("index"));
    assertEquals(retrieved.getJsonObject(1), first);
    assertEquals(1, citations.getJsonObject(1).getInteger("index"));
    for (String key : List.of("documentId", "chunkId", "text", "start", "end", "score")) {
      assertTrue(first.containsKey(key), key);
    }
    String text = first.getString("text");
    assertTrue(system.contains("[2] (" + first.getString("documentId") + ") " + text), system);
    assertEquals(0, first.getInteger("start"));
    assertEquals(text.length(), (int) first.getInteger("end"));
    StreamAssertions.assertThat(outcome).hasText(result.message().content());
  }

  @Test
  void sourcesThatDoNotFitTheBudgetAreLeftOutWeakestFirst(PluginTestHost host) {
    String a = "the capital of France is Paris";
    String b = "the capital of Germany is Berlin, a large city with many people and many parks";
    host.subtasks()
        .retrieving(
            r ->
                Future.succeededFuture(
                    List.of(
                        new RetrievedChunk("a", "a#0", a, 0.9, 0, a.length(), null),
                        new RetrievedChunk("b", "b#0", b, 0.5, 0, b.length(), null))));
    ChatRequest request =
        request(
            new JsonObject().put("collection", "kb").put("memoryTokens", 60),
            null,
            user("capital?"));
    ChatResult result = host.chat(request).result();
    JsonArray retrieved = result.metadata().getJsonArray("retrieved");
    assertEquals(1, retrieved.size(), result.metadata().encode());
    assertEquals("a", retrieved.getJsonObject(0).getString("documentId"));
    String system = systemPrompt(host.models().chatModel().requests().get(0));
    assertTrue(system.contains("\n[1] (a)"), system);
    assertFalse(system.contains("\n[2]"), system);
  }

  @Test
  void anEmptyOrUnknownCollectionLeavesTheAnswerUngrounded(PluginTestHost host) {
    ChatResult result =
        host.chat(request(new JsonObject().put("collection", "nothing-yet"), null, user("hi")))
            .result();
    assertEquals("stop", result.finishReason());
    assertEquals(0, result.metadata().getJsonArray("retrieved").size());
    assertTrue(result.metadata().getString("retrievalError").contains("nothing-yet"));
    assertNull(systemPrompt(host.models().chatModel().requests().get(0)));
  }

  @Test
  void aFailingRetrievalFailsTheChat(PluginTestHost host) {
    host.subtasks()
        .retrieving(r -> Future.failedFuture(new TaskException(ErrorCode.INTERNAL, "index down")));
    host.chat(request(new JsonObject().put("collection", "kb"), null, user("hi")))
        .assertFailedWith(ErrorCode.INTERNAL);
  }

  // ---- tools -------------------------------------------------------------------------------

  /** A plugin tool that reports the weather of a city, or fails for "nowhere". */
  static final class Weather implements Tool {
    @Override
    public ToolSpec spec() {
      return new ToolSpec(
          "weather",
          "The weather in a city",
          new JsonObject()
              .put("type", "object")
              .put(
                  "properties",
                  new JsonObject().put("city", new JsonObject().put("type", "string"))));
    }

    @Override
    public Future<JsonObject> invoke(JsonObject arguments, TaskContext ctx) {
      if ("nowhere".equals(arguments.getString("city"))) {
        return Future.failedFuture(TaskException.notFound("no such city"));
      }
      return Future.succeededFuture(
          new JsonObject().put("city", arguments.getString("city")).put("sky", "sunny"));
    }
  }

  @Test
  void runsPluginToolsTheModelCallsAndStreamsOnlyTheFinalAnswer(PluginTestHost host) {
    host.tools().add(new Weather());
    host.models()
        .chatModel()
        .answeringInTurns(
            new FakeReply("Let me look that up.", List.of())
                .andToolCall("weather", "{\"city\":\"Paris\"}"),
            FakeReply.text("It is sunny in Paris."));

    TaskOutcome<ChatResult> outcome = host.chat("Weather in Paris?");
    ChatResult result = outcome.result();

    assertEquals("It is sunny in Paris.", result.message().content());
    assertEquals("stop", result.finishReason());
    assertTrue(result.message().toolCalls().isEmpty());
    StreamAssertions.assertThat(outcome).hasText("It is sunny in Paris.");
    assertEquals(1, host.tools().invocations().size());
    assertEquals("Paris", host.tools().invocations().get(0).arguments().getString("city"));

    List<ChatRequest> sent = host.models().chatModel().requests();
    assertEquals(2, sent.size());
    assertEquals("weather", sent.get(0).tools().get(0).name());
    List<ChatMessage> second = sent.get(1).messages();
    ChatMessage call = second.get(second.size() - 2);
    ChatMessage answer = second.get(second.size() - 1);
    assertEquals("assistant", call.role());
    assertEquals("weather", call.toolCalls().get(0).name());
    assertEquals("tool", answer.role());
    assertEquals(call.toolCalls().get(0).id(), answer.toolCallId());
    assertEquals("sunny", new JsonObject(answer.content()).getString("sky"));
    assertEquals(1, result.metadata().getJsonArray("toolRuns").size());
    assertEquals(1, host.metrics().count("chat_tool_calls"));
    assertTrue(result.usage().promptTokens() > sent.get(0).messages().size());
  }

  @Test
  void aFailingToolIsReportedToTheModelNotTheCaller(PluginTestHost host) {
    host.tools().add(new Weather());
    host.models()
        .chatModel()
        .answeringInTurns(
            FakeReply.toolCall("weather", "{\"city\":\"nowhere\"}"),
            FakeReply.toolCall("weather", "not json"),
            FakeReply.toolCall("unknown_tool", "{}"),
            FakeReply.text("Sorry."));
    ChatResult result = host.chat("Weather?").result();
    assertEquals("Sorry.", result.message().content());
    List<ChatMessage> last = host.models().chatModel().requests().get(3).messages();
    List<String> errors =
        last.stream()
            .filter(m -> m.role().equals("tool"))
            .map(m -> new JsonObject(m.content()).getString("error"))
            .toList();
    assertEquals(3, errors.size());
    assertTrue(errors.get(0).contains("no such city"), errors.toString());
    assertTrue(errors.get(1).contains("JSON"), errors.toString());
    assertTrue(errors.get(2).contains("unknown_tool"), errors.toString());
  }

  @Test
  void aToolStillRunningWhenTheRequestIsCancelledIsNotWaitedFor(PluginTestHost host) {
    host.tools()
        .add(
            new Tool() {
              @Override
              public ToolSpec spec() {
                return new ToolSpec("hang", "Never answers", null);
              }

              @Override
              public Future<JsonObject> invoke(JsonObject arguments, TaskContext ctx) {
                return io.vertx.core.Promise.<JsonObject>promise().future();
              }
            });
    host.models().chatModel().answering(r -> FakeReply.toolCall("hang", "{}"));
    TaskOutcome<ChatResult> outcome =
        host.task().cancelAfter(java.time.Duration.ofMillis(200)).chat("wait for it");
    assertTrue(outcome.completed(), "the loop completed after the cancel");
    assertEquals("cancelled", outcome.result().finishReason());
    assertTrue(outcome.elapsed().toMillis() < 5_000, outcome.toString());
  }

  @Test
  void aHugeToolResultIsTruncatedForTheModel(PluginTestHost host) {
    host.tools()
        .add(
            new Tool() {
              @Override
              public ToolSpec spec() {
                return new ToolSpec("dump", "Returns a lot", null);
              }

              @Override
              public Future<JsonObject> invoke(JsonObject arguments, TaskContext ctx) {
                return Future.succeededFuture(new JsonObject().put("data", "x".repeat(50_000)));
              }
            });
    host.models()
        .chatModel()
        .answeringInTurns(FakeReply.toolCall("dump", "{}"), FakeReply.text("Done."));
    host.chat("dump it").result();
    List<ChatMessage> second = host.models().chatModel().requests().get(1).messages();
    String content = second.get(second.size() - 1).content();
    assertTrue(content.length() < 8_100, "length " + content.length());
    assertTrue(content.endsWith("more characters]"), content.substring(content.length() - 40));
  }

  @Test
  void theToolLoopStopsAtTheStepLimit(PluginTestHost host) {
    host.tools().add(new Weather());
    // Always calls the tool while it is on offer; answers in text once it is not.
    host.models()
        .chatModel()
        .answering(
            r -> new FakeReply("I give up.", List.of()).andToolCall("weather", "{\"city\":\"x\"}"));
    ChatResult result =
        host.chat(request(new JsonObject().put("maxToolSteps", 2), null, user("loop?"))).result();
    assertEquals(2, host.tools().invocations().size());
    List<ChatRequest> sent = host.models().chatModel().requests();
    assertEquals(3, sent.size());
    assertTrue(sent.get(2).tools().isEmpty(), "the last step offers no plugin tools");
    assertEquals("I give up.", result.message().content());
    assertEquals("stop", result.finishReason());
  }

  @Test
  void clientToolCallsGoBackToTheClient(PluginTestHost host) {
    host.tools().add(new Weather());
    host.models()
        .chatModel()
        .answeringInTurns(
            new FakeReply("Checking.", List.of()).andToolCall("lookup", "{\"q\":\"x\"}"));
    ToolSpec lookup = new ToolSpec("lookup", "Looks things up", null);
    ChatRequest request =
        new ChatRequest(null, List.of(user("look up x")), null, List.of(lookup), null, null);

    TaskOutcome<ChatResult> outcome = host.chat(request);
    ChatResult result = outcome.result();

    assertEquals("tool_calls", result.finishReason());
    assertEquals("lookup", result.message().toolCalls().get(0).name());
    assertEquals("{\"q\":\"x\"}", result.message().toolCalls().get(0).arguments());
    assertEquals("Checking.", result.message().content());
    StreamAssertions.assertThat(outcome).hasText("Checking.");
    assertTrue(host.tools().invocations().isEmpty());
    List<String> offered =
        host.models().chatModel().requests().get(0).tools().stream().map(ToolSpec::name).toList();
    assertEquals(List.of("lookup", "weather"), offered);
  }

  @Test
  void theClientsToolResultsContinueTheConversation(PluginTestHost host) {
    host.models().chatModel().replying("x is 42.");
    ToolSpec lookup = new ToolSpec("lookup", "Looks things up", null);
    ChatMessage call =
        new ChatMessage(
            "assistant",
            "",
            List.of(new dev.switchboard.api.chat.ToolCall("call_1", "lookup", "{}")),
            null);
    ChatMessage answer = new ChatMessage("tool", "{\"x\":42}", null, "call_1");
    ChatRequest request =
        new ChatRequest(
            null, List.of(user("look up x"), call, answer), null, List.of(lookup), null, null);
    ChatResult result = host.chat(request).result();
    assertEquals("x is 42.", result.message().content());
    assertEquals(
        List.of(user("look up x"), call, answer),
        host.models().chatModel().requests().get(0).messages());
  }

  @Test
  void onlyTheConfiguredPluginToolsAreOffered(PluginTestHost host) {
    host.tools().add(new Weather());
    host.chat(request(new JsonObject().put("hostTools", new JsonArray()), null, user("hi")))
        .result();
    assertTrue(host.models().chatModel().requests().get(0).tools().isEmpty());
  }
}
