package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.chat.ChatChunk;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestTaskContextTest {

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  @Test
  void recordsCopiesOfChunksInOrder() {
    TestTaskContext ctx = TestTaskContext.builder(vertx).build();
    JsonObject chunk = ChatChunk.text("a").toJson();
    ctx.emit(chunk);
    chunk.put("delta", "changed later");
    ctx.emit(ChatChunk.text("b").toJson());

    assertEquals("ab", ctx.streamedText());
    assertEquals(2, ctx.chunks().size());
  }

  @Test
  void cancelRunsEachActionOnceAndLateActionsAtOnce() {
    TestTaskContext ctx = TestTaskContext.builder(vertx).build();
    List<String> ran = new ArrayList<>();
    ctx.onCancel(() -> ran.add("first"));
    ctx.onCancel(
        () -> {
          throw new IllegalStateException("a failing action must not stop the others");
        });
    ctx.onCancel(() -> ran.add("second"));
    assertFalse(ctx.isCancelled());

    ctx.cancel();
    ctx.cancel();
    ctx.onCancel(() -> ran.add("late"));

    assertTrue(ctx.isCancelled());
    assertEquals(List.of("first", "second", "late"), ran);
  }

  @Test
  void countsChunksEmittedAfterCancel() {
    TestTaskContext ctx = TestTaskContext.builder(vertx).build();
    ctx.emit(ChatChunk.text("a").toJson());
    assertEquals(0, ctx.chunksAfterCancel());
    ctx.cancel();
    ctx.emit(ChatChunk.text("b").toJson());
    assertEquals(1, ctx.chunksAfterCancel());
  }

  @Test
  void aPassedDeadlineCancels() {
    TestTaskContext ctx =
        TestTaskContext.builder(vertx).deadline(Instant.now().minusSeconds(1)).build();
    assertTrue(ctx.isCancelled());
    assertTrue(ctx.deadlinePassed());
  }

  @Test
  void configIsACopy() {
    JsonObject config = new JsonObject().put("k", "v");
    TestTaskContext ctx = TestTaskContext.builder(vertx).config(config).build();
    config.put("k", "changed");
    assertEquals("v", ctx.config().getString("k"));
  }

  @Test
  void awaitChunksWaitsForOtherThreads() throws InterruptedException {
    TestTaskContext ctx = TestTaskContext.builder(vertx).build();
    vertx.setTimer(20, t -> ctx.emit(ChatChunk.text("x").toJson()));
    assertTrue(ctx.awaitChunks(1, Duration.ofSeconds(5)));
    assertFalse(ctx.awaitChunks(2, Duration.ofMillis(20)));
  }
}
