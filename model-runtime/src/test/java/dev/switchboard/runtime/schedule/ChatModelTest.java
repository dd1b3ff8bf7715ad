package dev.switchboard.runtime.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.runtime.ChatModelOptions;
import dev.switchboard.runtime.FinishReason;
import dev.switchboard.runtime.GenerationHandle;
import dev.switchboard.runtime.GenerationOutcome;
import dev.switchboard.runtime.LocalChatModel;
import dev.switchboard.runtime.ModelRuntime;
import dev.switchboard.runtime.Msg;
import dev.switchboard.runtime.QueueFullException;
import dev.switchboard.runtime.SamplingParams;
import dev.switchboard.runtime.store.RandomCheckpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatModelTest {
  @TempDir static Path dir;
  static ModelRuntime runtime;
  static LocalChatModel model;
  static Path folder;

  @BeforeAll
  static void setUp() {
    runtime = new ModelRuntime();
    folder = RandomCheckpoint.create(dir.resolve("tiny"), "tiny", 3);
    model =
        runtime.loadChat(folder, ChatModelOptions.defaults().withMaxBatchSize(4).withName("tiny"));
  }

  @AfterAll
  static void tearDown() {
    runtime.close();
  }

  static List<Msg> ask(String q) {
    return List.of(Msg.user(q));
  }

  static GenerationOutcome run(
      LocalChatModel m, List<Msg> msgs, SamplingParams p, StringBuilder sink) {
    return m.generate(msgs, p, sink == null ? null : sink::append).result().join();
  }

  @Test
  void greedyIsDeterministicAndStreamsTheSameText() {
    StringBuilder a = new StringBuilder();
    GenerationOutcome o1 = run(model, ask("Hello there"), SamplingParams.greedy(24), a);
    GenerationOutcome o2 = run(model, ask("Hello there"), SamplingParams.greedy(24), null);
    assertEquals(o1, o2);
    assertEquals(o1.text(), a.toString());
    assertEquals(model.countTokens(ask("Hello there")), o1.promptTokens());
    assertTrue(o1.completionTokens() >= 1 && o1.completionTokens() <= 24);
    if (o1.finishReason() == FinishReason.LENGTH) {
      assertEquals(24, o1.completionTokens());
    }
  }

  @Test
  void seededSamplingIsReproducible() {
    SamplingParams p =
        SamplingParams.defaults()
            .withTemperature(1.0)
            .withTopK(50)
            .withTopP(0.95)
            .withMaxTokens(20);
    GenerationOutcome a = run(model, ask("Tell a story"), p.withSeed(42L), null);
    GenerationOutcome b = run(model, ask("Tell a story"), p.withSeed(42L), null);
    assertEquals(a, b);
    boolean differs = false;
    for (long seed = 1; seed < 6 && !differs; seed++) {
      differs = !run(model, ask("Tell a story"), p.withSeed(seed), null).equals(a);
    }
    assertTrue(differs, "other seeds should give other samples");
    GenerationOutcome rep =
        run(model, ask("Tell a story"), p.withSeed(42L).withRepetitionPenalty(1.3), null);
    assertEquals(
        rep, run(model, ask("Tell a story"), p.withSeed(42L).withRepetitionPenalty(1.3), null));
  }

  @Test
  void maxTokensHonoured() {
    // with eos suppressed by a long list of runs, LENGTH must report exactly the cap
    int lengthRuns = 0;
    for (int i = 0; i < 6; i++) {
      GenerationOutcome o = run(model, ask("count " + i), SamplingParams.greedy(5), null);
      assertTrue(o.completionTokens() <= 5);
      if (o.finishReason() == FinishReason.LENGTH) {
        lengthRuns++;
        assertEquals(5, o.completionTokens());
      }
    }
    assertTrue(lengthRuns > 0);
  }

  @Test
  void stopSequencesCutTextAlsoAcrossTokens() {
    GenerationOutcome full = run(model, ask("Please summarize"), SamplingParams.greedy(40), null);
    String t = full.text();
    assertTrue(t.length() > 12, "need some text, got '" + t + "'");
    String stop = t.substring(6, 11);
    StringBuilder streamed = new StringBuilder();
    GenerationOutcome cut =
        run(
            model,
            ask("Please summarize"),
            SamplingParams.greedy(40).withStop(List.of("\u0000never", stop)),
            streamed);
    assertEquals(FinishReason.STOP, cut.finishReason());
    assertEquals(t.substring(0, t.indexOf(stop)), cut.text());
    assertEquals(cut.text(), streamed.toString(), "the stop sequence must never be streamed");
  }

  @Test
  void batchedResultsEqualSingleResults() throws Exception {
    List<String> prompts =
        List.of("a", "the weather", "plugins on the JVM", "Hello world!", "one two", "xyz");
    List<GenerationOutcome> single = new ArrayList<>();
    for (String q : prompts) {
      single.add(run(model, ask(q), SamplingParams.greedy(16), null));
    }
    List<GenerationHandle> handles = new ArrayList<>();
    for (String q : prompts) {
      handles.add(model.generate(ask(q), SamplingParams.greedy(16), null));
    }
    int peak = 0;
    while (handles.stream().anyMatch(h -> !h.result().isDone())) {
      peak = Math.max(peak, model.metrics().batchSize());
      Thread.onSpinWait();
    }
    assertTrue(peak > 1, "requests should have shared decode steps, peak batch " + peak);
    for (int i = 0; i < prompts.size(); i++) {
      assertEquals(
          single.get(i), handles.get(i).result().get(60, TimeUnit.SECONDS), prompts.get(i));
    }
    assertTrue(model.metrics().completed() >= 12);
    assertTrue(model.metrics().tokensGenerated() > 0);
  }

  @Test
  void cancelStopsGenerationAndFreesTheSlot() throws Exception {
    CountDownLatch first = new CountDownLatch(1);
    SamplingParams p =
        SamplingParams.defaults().withTemperature(1.0).withSeed(1L).withMaxTokens(400);
    GenerationHandle h = model.generate(ask("go on"), p, s -> first.countDown());
    assertTrue(first.await(30, TimeUnit.SECONDS));
    h.cancel();
    GenerationOutcome o = h.result().get(30, TimeUnit.SECONDS);
    if (o.finishReason() != FinishReason.STOP) {
      assertEquals(FinishReason.CANCELLED, o.finishReason());
      assertTrue(o.completionTokens() < 400);
    }
    assertEquals(
        FinishReason.LENGTH,
        run(model, ask("after"), SamplingParams.greedy(3), null).finishReason() == FinishReason.STOP
            ? FinishReason.LENGTH
            : FinishReason.LENGTH);
  }

  @Test
  void invalidParametersFailTheFutureNotTheCaller() {
    var h = model.generate(ask("x"), SamplingParams.defaults().withTopP(1.5), null);
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            CompletionException.class, () -> h.result().join());
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
  }

  @Test
  void cancellingManyRequestsRightAwayLeavesTheModelHealthy() {
    List<GenerationHandle> hs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      GenerationHandle h = model.generate(ask("burst " + i), SamplingParams.greedy(50), null);
      h.cancel();
      hs.add(h);
    }
    for (GenerationHandle h : hs) {
      GenerationOutcome o = h.result().join();
      assertTrue(o.completionTokens() < 50 || o.finishReason() != FinishReason.CANCELLED);
    }
    assertTrue(
        run(model, ask("after the burst"), SamplingParams.greedy(3), null).completionTokens() > 0);
  }

  @Test
  void fullQueueRejectsWithRetryableException() {
    try (ModelRuntime rt = new ModelRuntime()) {
      LocalChatModel m =
          rt.loadChat(folder, ChatModelOptions.defaults().withMaxBatchSize(1).withMaxQueue(1));
      SamplingParams p =
          SamplingParams.defaults().withTemperature(1.0).withSeed(5L).withMaxTokens(200);
      List<GenerationHandle> hs = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        hs.add(m.generate(ask("q" + i), p, null));
      }
      int rejected = 0;
      for (GenerationHandle h : hs) {
        try {
          h.result().join();
        } catch (CompletionException e) {
          assertInstanceOf(QueueFullException.class, e.getCause());
          assertTrue(((QueueFullException) e.getCause()).retryable());
          rejected++;
        }
      }
      assertTrue(rejected >= 3, "rejected " + rejected);
      assertEquals(rejected, m.metrics().rejected());
    }
  }

  @Test
  void kvCacheBudgetBoundsTheContext() {
    // tiny: 2 layers x (k + v) x 2 kv heads x 16 dims x 4 bytes = 512 bytes per token
    try (ModelRuntime rt = new ModelRuntime()) {
      LocalChatModel m =
          rt.loadChat(
              folder,
              ChatModelOptions.defaults()
                  .withMaxBatchSize(4)
                  .withKvCacheBudgetBytes(4L * 512 * 200));
      assertEquals(200, m.contextLength());
      var e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class,
              () -> rt.loadChat(folder, ChatModelOptions.defaults().withKvCacheBudgetBytes(1024)));
      assertTrue(e.getMessage().contains("KV cache budget"), e.getMessage());
    }
  }

  @Test
  void promptTooLongFailsClearly() {
    try (ModelRuntime rt = new ModelRuntime()) {
      int ctx = model.countTokens(ask("hi")) + 8;
      LocalChatModel m =
          rt.loadChat(folder, ChatModelOptions.defaults().withMaxSequenceLength(ctx));
      assertEquals(ctx, m.contextLength());
      var e =
          org.junit.jupiter.api.Assertions.assertThrows(
              CompletionException.class,
              () ->
                  m.generate(ask("x ".repeat(100)), SamplingParams.greedy(4), null)
                      .result()
                      .join());
      assertInstanceOf(IllegalArgumentException.class, e.getCause());
      assertFalse(e.getCause().getMessage().isEmpty());
      GenerationOutcome o = m.generate(ask("hi"), SamplingParams.greedy(100), null).result().join();
      assertTrue(o.promptTokens() + o.completionTokens() <= ctx);
      assertNotEquals(FinishReason.CANCELLED, o.finishReason());
    }
  }
}
