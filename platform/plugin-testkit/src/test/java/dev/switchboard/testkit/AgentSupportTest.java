package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.agent.Tool;
import dev.switchboard.api.agent.ToolSpec;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.classify.ClassifyRequest;
import dev.switchboard.api.index.IndexedChunk;
import dev.switchboard.api.index.IndexedDocument;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.api.retrieve.RetrievedChunk;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The testkit's stand-ins for the host services an agent uses: memory, sub-tasks and tools. */
class AgentSupportTest {

  static final class Echo implements Tool {
    @Override
    public ToolSpec spec() {
      return new ToolSpec("echo", "Echoes its arguments", null);
    }

    @Override
    public Future<JsonObject> invoke(JsonObject arguments, TaskContext ctx) {
      if (arguments.containsKey("boom")) {
        throw new IllegalStateException("boom");
      }
      return Future.succeededFuture(arguments.copy().put("requestId", ctx.requestId()));
    }
  }

  @Test
  void memoryReturnsTheNewestMessagesOldestFirstAndNotFoundForUnknownIds() {
    try (PluginTestHost host = PluginTestHost.builder().extensions().build()) {
      host.conversations()
          .add("c", ChatMessage.of("user", "1"), ChatMessage.of("assistant", "2"))
          .add("c", ChatMessage.of("user", "3"));
      List<ChatMessage> last = host.task().run(ctx -> ctx.conversations().history("c", 2)).result();
      assertEquals(List.of(ChatMessage.of("assistant", "2"), ChatMessage.of("user", "3")), last);
      host.task()
          .run(ctx -> ctx.conversations().history("nope", 2))
          .assertFailedWith(ErrorCode.NOT_FOUND);
    }
  }

  @Test
  void subTasksRetrieveFromTheHostsIndexUnlessScripted() {
    try (PluginTestHost host = PluginTestHost.builder().extensions().build()) {
      String text = "the cat sat on the mat";
      host.documents()
          .replace(
              new IndexedDocument(
                  "kb",
                  "d1",
                  text,
                  null,
                  null,
                  List.of(new IndexedChunk(text, 0, text.length(), new float[] {1f}, null))));
      List<RetrievedChunk> found =
          host.task()
              .run(ctx -> ctx.subtasks().retrieve(new RetrieveRequest("kb", "cat", 3, null)))
              .result();
      assertEquals("d1", found.get(0).documentId());
      assertEquals(text.length(), found.get(0).end());
      assertEquals(1, host.subtasks().retrievals().size());

      host.task()
          .run(ctx -> ctx.subtasks().classify(new ClassifyRequest(null, List.of("x"), null)))
          .assertFailedWith(ErrorCode.UNAVAILABLE);
      host.subtasks().retrieving(r -> Future.succeededFuture(List.of()));
      assertTrue(
          host.task()
              .run(ctx -> ctx.subtasks().retrieve(new RetrieveRequest("kb", "cat", 3, null)))
              .result()
              .isEmpty());
    }
  }

  @Test
  void theToolBoxOffersThePluginsOwnToolsAndRunsThemInTheCallersContext() {
    try (PluginTestHost host = PluginTestHost.builder().extensions(new Echo()).build()) {
      assertEquals("echo", host.tools().specs().get(0).name());
      JsonObject result =
          host.task()
              .requestId("r-1")
              .run(ctx -> ctx.tools().invoke("echo", new JsonObject().put("a", 1)))
              .result();
      assertEquals(new JsonObject().put("a", 1).put("requestId", "r-1"), result);
      assertEquals("echo", host.tools().invocations().get(0).name());
      host.task()
          .run(ctx -> ctx.tools().invoke("nope", new JsonObject()))
          .assertFailedWith(ErrorCode.NOT_FOUND);
      host.task()
          .run(ctx -> ctx.tools().invoke("echo", new JsonObject().put("boom", true)))
          .assertFailedWith(ErrorCode.INTERNAL);
    }
  }
}
