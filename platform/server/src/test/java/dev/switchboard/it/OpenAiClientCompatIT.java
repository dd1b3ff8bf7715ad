package dev.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.switchboard.testing.ServerFixture;
import dev.switchboard.testing.TestPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LangChain4j's OpenAI client, unmodified, against a running server: chat, streaming, a tool-call
 * round trip and embeddings. The chat route points at a scripted plugin so the wire format, not a
 * model's wording, is what is tested.
 */
class OpenAiClientCompatIT {

  @TempDir static Path home;
  @TempDir static Path jars;
  static ServerFixture sb;
  static String baseUrl;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home);
    assertEquals(
        201,
        sb.upload("/api/v1/plugins", TestPlugins.scripted(jars, "scripted"), "s.jar").statusCode());
    JsonObject routes =
        new JsonObject()
            .put(
                "routes",
                new JsonArray()
                    .add(new JsonObject().put("task", "chat").put("plugin", "scripted")));
    assertEquals(200, sb.put("/api/v1/routes", routes).statusCode());
    baseUrl = sb.base() + "/v1";
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  private static OpenAiChatModel chatModel() {
    return OpenAiChatModel.builder()
        .baseUrl(baseUrl)
        .apiKey("unused-in-dev-mode")
        .modelName("scripted-model")
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  @Test
  void chat() {
    ChatResponse response =
        chatModel().chat(ChatRequest.builder().messages(UserMessage.from("hi")).build());
    assertEquals("Hello from Switchboard", response.aiMessage().text());
    assertEquals(FinishReason.STOP, response.finishReason());
    assertEquals(5, response.tokenUsage().inputTokenCount());
    assertEquals(3, response.tokenUsage().outputTokenCount());
    assertEquals("scripted-model", response.modelName());
  }

  @Test
  void streaming() throws Exception {
    OpenAiStreamingChatModel model =
        OpenAiStreamingChatModel.builder()
            .baseUrl(baseUrl)
            .apiKey("unused-in-dev-mode")
            .modelName("scripted-model")
            .timeout(Duration.ofSeconds(30))
            .build();
    List<String> partials = new ArrayList<>();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(
        "hi",
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {
            partials.add(partial);
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    ChatResponse response = done.get(30, TimeUnit.SECONDS);
    assertEquals(List.of("Hello ", "from ", "Switchboard"), partials);
    assertEquals("Hello from Switchboard", response.aiMessage().text());
    assertEquals(FinishReason.STOP, response.finishReason());
  }

  @Test
  void toolCallRoundTrip() {
    ToolSpecification weather =
        ToolSpecification.builder()
            .name("get_weather")
            .description("Current weather in a city")
            .parameters(
                JsonObjectSchema.builder().addStringProperty("city").required("city").build())
            .build();
    OpenAiChatModel model = chatModel();
    UserMessage question = UserMessage.from("What is the weather in Paris?");
    ChatResponse first =
        model.chat(ChatRequest.builder().messages(question).toolSpecifications(weather).build());
    AiMessage call = first.aiMessage();
    assertTrue(call.hasToolExecutionRequests(), "expected a tool call");
    ToolExecutionRequest request = call.toolExecutionRequests().get(0);
    assertEquals("get_weather", request.name());
    assertEquals("Paris", new JsonObject(request.arguments()).getString("city"));
    assertEquals(FinishReason.TOOL_EXECUTION, first.finishReason());

    ChatResponse second =
        model.chat(
            ChatRequest.builder()
                .messages(question, call, ToolExecutionResultMessage.from(request, "sunny"))
                .toolSpecifications(weather)
                .build());
    assertEquals("It is sunny in Paris", second.aiMessage().text());
  }

  @Test
  void embeddings() {
    OpenAiEmbeddingModel model =
        OpenAiEmbeddingModel.builder()
            .baseUrl(baseUrl)
            .apiKey("unused-in-dev-mode")
            .modelName("all-minilm-l6-v2")
            .timeout(Duration.ofSeconds(30))
            .build();
    float[] vector = model.embed("the quick brown fox").content().vector();
    assertEquals(384, vector.length);
    double norm = 0;
    for (float v : vector) {
      norm += v * v;
    }
    assertEquals(1.0, norm, 1e-3);
  }
}
