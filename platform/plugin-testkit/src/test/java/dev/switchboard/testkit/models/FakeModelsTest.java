package dev.switchboard.testkit.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.api.chat.GenerationParams;
import dev.switchboard.api.model.Generation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeModelsTest {

  private static ChatRequest ask(String text, Integer maxTokens) {
    return new ChatRequest(
        null,
        List.of(ChatMessage.of("user", text)),
        new GenerationParams(maxTokens, null, null, null, null, List.of(), null),
        null,
        null,
        null);
  }

  private static ChatResult await(Generation generation) throws Exception {
    return generation.result().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void streamsTheScriptPieceByPieceAndCountsTokens() throws Exception {
    FakeChatModel model = FakeChatModel.named("m").replying("Hello  brave\nworld ");
    List<String> pieces = new CopyOnWriteArrayList<>();
    ChatResult result = await(model.generate(ask("one two three", null), pieces::add));

    assertEquals(List.of("Hello", "  brave", "\nworld "), pieces);
    assertEquals("Hello  brave\nworld ", result.message().content());
    assertEquals("stop", result.finishReason());
    assertEquals(3, result.usage().promptTokens());
    assertEquals(3, result.usage().completionTokens());
    assertEquals(1, model.requests().size());
  }

  @Test
  void stopsAtMaxTokens() throws Exception {
    FakeChatModel model = FakeChatModel.named("m").replying("a b c d");
    ChatResult result = await(model.generate(ask("q", 2), piece -> {}));
    assertEquals("a b", result.message().content());
    assertEquals("length", result.finishReason());
  }

  @Test
  void stopsWhenCancelled() throws Exception {
    FakeChatModel model =
        FakeChatModel.named("m").replying("a b c d e f g h").tokenDelay(Duration.ofMillis(30));
    List<String> pieces = new CopyOnWriteArrayList<>();
    Generation generation = model.generate(ask("q", null), pieces::add);
    Thread.sleep(50);
    generation.cancel();
    ChatResult result = await(generation);

    assertEquals("cancelled", result.finishReason());
    assertTrue(pieces.size() < 8);
    assertEquals(String.join("", pieces), result.message().content());
    assertEquals(1, model.cancellations());
  }

  @Test
  void worksAsALangChain4jStreamingModel() throws Exception {
    FakeChatModel model = FakeChatModel.named("m").replyingWith(r -> "echo " + r.messages().size());
    List<String> partials = new CopyOnWriteArrayList<>();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(
        "hi there",
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
    ChatResponse response = done.get(5, TimeUnit.SECONDS);

    assertEquals(List.of("echo", " 1"), partials);
    assertEquals("echo 1", response.aiMessage().text());
    assertEquals(FinishReason.STOP, response.finishReason());
    assertEquals(2, response.tokenUsage().inputTokenCount());
    assertEquals("hi there", model.requests().get(0).messages().get(0).content());
  }

  @Test
  void embeddingsAreDeterministicUnitVectorsThatRankSimilarTextsHigher() {
    FakeEmbeddingModel model = FakeEmbeddingModel.named("e").dimension(256);
    float[] cats = model.vector("Cats purr when they are happy");
    float[] cats2 = model.vector("happy cats purr");
    float[] code = model.vector("compilers translate source code");

    assertArrayEquals(cats, model.vector("Cats purr when they are happy"));
    assertEquals(256, cats.length);
    assertEquals(1.0, dot(cats, cats), 1e-5);
    assertTrue(dot(cats, cats2) > 0.5, "similar: " + dot(cats, cats2));
    assertTrue(dot(cats, code) < 0.3, "unrelated: " + dot(cats, code));
    assertEquals(1.0, dot(model.vector("  ...  "), model.vector("")), 1e-6);
  }

  @Test
  void embeddingsWorkThroughEveryEntryPoint() throws Exception {
    FakeEmbeddingModel model = FakeEmbeddingModel.named("e");
    float[] direct = model.vector("a text");
    List<float[]> async =
        model
            .embedAsync(List.of("a text"))
            .toCompletionStage()
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    float[] langchain =
        model.embedAll(List.of(TextSegment.from("a text"))).content().get(0).vector();

    assertArrayEquals(direct, async.get(0));
    assertArrayEquals(direct, langchain);
    assertEquals(384, model.dimension());
    assertEquals(2, model.countTokens("a text"));
    assertEquals(3, model.embeddedTexts());
  }

  @Test
  void theCatalogResolvesDefaultsAndFailsLikeTheServer() {
    FakeModelCatalog catalog = new FakeModelCatalog();
    assertEquals(FakeModelCatalog.DEFAULT_CHAT, catalog.chat(null).name());
    assertEquals(FakeModelCatalog.DEFAULT_EMBEDDING, catalog.embeddings(null).name());
    assertEquals(2, catalog.list().size());
    assertEquals(
        ErrorCode.NOT_FOUND, assertThrows(TaskException.class, () -> catalog.chat("gpt-9")).code());

    FakeModelCatalog empty = FakeModelCatalog.empty();
    assertEquals(
        ErrorCode.UNAVAILABLE, assertThrows(TaskException.class, () -> empty.chat(null)).code());
    assertEquals(
        ErrorCode.UNAVAILABLE,
        assertThrows(TaskException.class, () -> empty.embeddings(null)).code());
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
