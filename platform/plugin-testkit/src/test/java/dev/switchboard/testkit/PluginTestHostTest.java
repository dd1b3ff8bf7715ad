package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.retrieve.Document;
import dev.switchboard.api.retrieve.IngestRequest;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.api.retrieve.RetrievedChunk;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class PluginTestHostTest {

  private PluginTestHost host;

  @BeforeEach
  void start() {
    host = PluginTestHost.builder().pluginId("sample").grace(Duration.ofMillis(500)).build();
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void chatReturnsTheResultAndTheStreamedChunks() {
    TaskOutcome<ChatResult> outcome = host.task().extension("echo").chat("hello brave world");

    assertEquals("hello brave world", outcome.result().message().content());
    assertTrue(outcome.completed());
    assertNull(outcome.errorCode());
    StreamAssertions.assertThat(outcome)
        .isChatStream()
        .hasDeltas("hello", " brave", " world")
        .hasText("hello brave world");
  }

  @Test
  void hostConfigAppliesUntilARunOverridesIt() {
    host.config(new JsonObject().put("prefix", "echo: "));
    assertEquals("echo: hi", host.task().extension("echo").chat("hi").result().message().content());

    TaskOutcome<ChatResult> overridden =
        host.task().extension("echo").config(new JsonObject().put("prefix", "> ")).chat("hi");
    assertEquals("> hi", overridden.result().message().content());
  }

  @Test
  void extensionsRunOnAnEventLoop() {
    TaskOutcome<Boolean> outcome =
        host.task().run(ctx -> Future.succeededFuture(Context.isOnEventLoopThread()));
    assertTrue(outcome.result());
  }

  @Test
  void aSynchronousThrowBecomesAnInternalFailure() {
    TaskOutcome<Object> outcome =
        host.task()
            .run(
                ctx -> {
                  throw new IllegalStateException("boom");
                });
    assertFalse(outcome.succeeded());
    assertEquals(ErrorCode.INTERNAL, outcome.errorCode());
    assertInstanceOf(IllegalStateException.class, outcome.failure());
  }

  @Test
  void aTaskExceptionKeepsItsCode() {
    TaskOutcome<ChatResult> outcome = host.task().extension("echo").chat(" ");
    TaskException e = outcome.assertFailedWith(ErrorCode.INVALID_INPUT);
    assertEquals("nothing to echo", e.getMessage());
  }

  @Test
  void aHungExtensionIsCancelledAtItsDeadlineAndReportedAsNeverCompleted() {
    AtomicBoolean cancelled = new AtomicBoolean();
    TaskOutcome<String> outcome =
        host.task()
            .deadline(Duration.ofMillis(100))
            .run(
                ctx -> {
                  ctx.onCancel(() -> cancelled.set(true));
                  return Promise.<String>promise().future();
                });

    assertFalse(outcome.completed());
    assertTrue(outcome.deadlineExceeded());
    assertTrue(cancelled.get());
    assertEquals(ErrorCode.DEADLINE_EXCEEDED, outcome.errorCode());
    assertTrue(outcome.elapsed().toMillis() >= 100 + 500 - 50, "waited " + outcome.elapsed());
  }

  @Test
  void anExtensionThatHonoursTheDeadlineCompletesSoonAfterIt() {
    host.models()
        .chatModel()
        .replying("one two three four five six")
        .tokenDelay(Duration.ofMillis(100));
    TaskOutcome<ChatResult> outcome =
        host.task().extension("model").deadline(Duration.ofMillis(150)).chat("go");

    assertTrue(outcome.completed());
    assertTrue(outcome.deadlineExceeded());
    assertEquals("cancelled", outcome.result().finishReason());
    assertTrue(outcome.chunks().size() < 6, "streamed " + outcome.chunks());
  }

  @Test
  void cancelAfterStopsAModelMidStream() {
    host.models().chatModel().replying("a b c d e f g h i j").tokenDelay(Duration.ofMillis(50));
    TaskOutcome<ChatResult> outcome =
        host.task().extension("model").cancelAfter(Duration.ofMillis(120)).chat("go");

    assertTrue(outcome.cancelled());
    assertFalse(outcome.deadlineExceeded());
    assertEquals("cancelled", outcome.result().finishReason());
    assertEquals(outcome.streamedText(), outcome.result().message().content());
    assertEquals(1, host.models().chatModel().cancellations());
  }

  @Test
  void aRunningTaskCanBeWatchedAndCancelled() throws InterruptedException {
    host.models().chatModel().replying("a b c d e f g h i j").tokenDelay(Duration.ofMillis(20));
    RunningTask<ChatResult> running = host.task().extension("model").startChat(Requests.user("go"));

    assertTrue(running.context().awaitChunks(2, Duration.ofSeconds(5)));
    running.cancel();
    TaskOutcome<ChatResult> outcome = running.await();

    assertTrue(running.isDone());
    assertEquals("cancelled", outcome.result().finishReason());
    assertTrue(outcome.chunksAfterCancel() <= 1);
  }

  @Test
  void logsAndMetricsAreRecorded() {
    TaskOutcome<ChatResult> outcome = host.task().extension("echo").chat("four");
    host.task().extension("echo").chat("more");

    assertEquals(
        List.of(new LogEntry(Level.INFO, "echoing 4 characters", null)), outcome.context().logs());
    assertEquals(2, host.metrics().count("echoes", "kind", "chat"));
  }

  @Test
  void classifyRetrieveAndIngestRunTheirExtensions() {
    List<Classification> labels =
        host.task().extension("length").classify("hi", "a".repeat(60)).result();
    assertEquals(List.of("short", "long"), labels.stream().map(Classification::label).toList());

    host.task()
        .extension("MemoryRetriever")
        .ingest(
            new IngestRequest(
                "docs",
                List.of(
                    new Document("cats", "cats purr and chase mice", null),
                    new Document("rust", "the rust compiler checks borrows", null))))
        .result();
    List<RetrievedChunk> hits =
        host.task()
            .extension("MemoryRetriever")
            .retrieve(new RetrieveRequest("docs", "why do cats purr", 1, null))
            .result();
    assertEquals("cats", hits.get(0).documentId());
  }

  @Test
  void anOutcomeKeepsWhatItWasWhenTheTaskEnded() throws InterruptedException {
    TaskOutcome<ChatResult> outcome =
        host.task().extension("echo").deadline(Duration.ofMillis(50)).chat("quick");
    Thread.sleep(100);

    assertFalse(outcome.cancelled());
    assertFalse(outcome.deadlineExceeded());
    assertFalse(outcome.context().isCancelled());
  }
}
