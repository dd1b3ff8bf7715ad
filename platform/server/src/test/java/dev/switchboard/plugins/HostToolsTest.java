package dev.switchboard.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.PluginMetrics;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.agent.Tool;
import dev.switchboard.api.agent.ToolBox;
import dev.switchboard.api.agent.ToolSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The host's tool box over every started plugin's tools, and the sub-task nesting count. */
class HostToolsTest {

  /** Answers with the config it runs with and the caller's request id. */
  record Named(String name, String answer) implements Tool {
    @Override
    public ToolSpec spec() {
      return new ToolSpec(name, answer, null);
    }

    @Override
    public Future<JsonObject> invoke(JsonObject arguments, TaskContext ctx) {
      if (arguments.containsKey("throw")) {
        throw new IllegalStateException("secret detail");
      }
      if (arguments.containsKey("reject")) {
        return Future.failedFuture(TaskException.invalid("bad city"));
      }
      return Future.succeededFuture(
          new JsonObject()
              .put("answer", answer)
              .put("config", ctx.config())
              .put("requestId", ctx.requestId()));
    }
  }

  private static final PluginMetrics METRICS =
      new PluginMetrics() {
        @Override
        public void increment(String name, String... tags) {}

        @Override
        public void record(String name, java.time.Duration duration, String... tags) {}
      };

  private static TaskContext caller(String requestId) {
    return (TaskContext)
        Proxy.newProxyInstance(
            TaskContext.class.getClassLoader(),
            new Class<?>[] {TaskContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "requestId" -> requestId;
                  case "isCancelled" -> false;
                  default -> null;
                });
  }

  private static void register(HostTools tools, String plugin, String greeting, Tool... t) {
    tools.register(
        plugin,
        List.of(t),
        () -> new JsonObject().put("greeting", greeting),
        LoggerFactory.getLogger("plugin." + plugin),
        METRICS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static TaskException failure(Future<?> future) {
    return (TaskException) future.cause();
  }

  @Test
  void everyStartedPluginsToolsRunAsTheirOwnPluginWithinTheCallersRequest() throws Exception {
    HostTools tools = new HostTools();
    register(tools, "a", "hi from a", new Named("weather", "a"), new Named("time", "a"));
    register(tools, "b", "hi from b", new Named("weather", "b"), new Named("news", "b"));
    ToolBox box = tools.forTask(caller("req-1"));

    assertEquals(
        List.of("weather", "time", "news"), box.specs().stream().map(ToolSpec::name).toList());
    JsonObject weather = await(box.invoke("weather", new JsonObject()));
    assertEquals("a", weather.getString("answer"), "the plugin started first keeps the name");
    JsonObject news = await(box.invoke("news", null));
    assertEquals("hi from b", news.getJsonObject("config").getString("greeting"));
    assertEquals("req-1", news.getString("requestId"));

    tools.unregister("a");
    assertEquals("b", await(box.invoke("weather", new JsonObject())).getString("answer"));
    assertEquals(ErrorCode.NOT_FOUND, failure(box.invoke("time", new JsonObject())).code());
  }

  @Test
  void failuresKeepTheirCodeOrBecomeInternalWithoutDetails() {
    HostTools tools = new HostTools();
    register(tools, "a", "", new Named("weather", "a"));
    ToolBox box = tools.forTask(caller("req-2"));

    TaskException rejected = failure(box.invoke("weather", new JsonObject().put("reject", 1)));
    assertEquals(ErrorCode.INVALID_INPUT, rejected.code());
    TaskException thrown = failure(box.invoke("weather", new JsonObject().put("throw", 1)));
    assertEquals(ErrorCode.INTERNAL, thrown.code());
    assertTrue(!thrown.getMessage().contains("secret"), thrown.getMessage());
  }

  /** Calls itself through the tool box it is given. */
  static final class Recursive implements Tool {
    @Override
    public ToolSpec spec() {
      return new ToolSpec("again", "Calls itself", null);
    }

    @Override
    public Future<JsonObject> invoke(JsonObject arguments, TaskContext ctx) {
      return ctx.tools().invoke("again", arguments);
    }
  }

  @Test
  void toolsThatCallToolsInACircleStop() {
    HostTools tools = new HostTools();
    register(tools, "a", "", new Recursive());
    TaskException e = failure(tools.forTask(caller("req-3")).invoke("again", new JsonObject()));
    assertEquals(ErrorCode.CONFLICT, e.code());
    assertTrue(e.getMessage().contains("deeper"), e.getMessage());
  }

  @Test
  void subTaskIdsCountTheirNesting() {
    assertEquals(0, RoutedSubTasks.depth("4f1c0a52-0000-4000-8000-000000000000"));
    assertEquals(1, RoutedSubTasks.depth("4f1c0a52~1"));
    assertEquals(3, RoutedSubTasks.depth("4f1c0a52~1~2~1"));
  }
}
