package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.TaskType;
import dev.switchboard.api.classify.ClassifyRequest;
import dev.switchboard.routing.Addresses;
import dev.switchboard.routing.TaskEnvelope;
import dev.switchboard.routing.TaskRouter;
import dev.switchboard.testing.ServerFixture;
import dev.switchboard.testing.TestPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routing table: defaults, weights, shadows, explicit plugins, and what the eval log keeps. */
class RoutingIT {

  @TempDir static Path home;
  @TempDir static Path jars;
  static ServerFixture sb;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home);
    assertEquals(
        201,
        sb.upload(
                "/api/v1/plugins",
                TestPlugins.echo(jars.resolve("p"), "primary", "1.0.0", "P"),
                "p.jar")
            .statusCode());
    assertEquals(
        201,
        sb.upload(
                "/api/v1/plugins",
                TestPlugins.echo(jars.resolve("s"), "shadowed", "1.0.0", "S"),
                "s.jar")
            .statusCode());
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @Test
  void withoutARouteTheBuiltInPluginServesTheTask() throws Exception {
    assertEquals(
        200,
        sb.put("/api/v1/routes", new JsonObject().put("routes", new JsonArray())).statusCode());
    // The built-in classifier plugin comes first; zero-shot labels need no trained model.
    HttpResponse<String> r =
        sb.post(
            "/api/v1/classify",
            new JsonObject()
                .put("input", "hello")
                .put(
                    "params",
                    new JsonObject()
                        .put(
                            "labels",
                            new JsonObject()
                                .put("greeting", "hello, hi, good morning")
                                .put("weather", "rain and sunshine forecast"))));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("greeting", json(r).getJsonArray("results").getJsonObject(0).getString("label"));
  }

  @Test
  void theTableRoutesAndTheShadowGetsACopyThatIsOnlyLogged() throws Exception {
    JsonObject routes =
        new JsonObject()
            .put(
                "routes",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("task", "classify")
                            .put("plugin", "primary")
                            .put("weight", 100))
                    .add(
                        new JsonObject()
                            .put("task", "classify")
                            .put("plugin", "shadowed")
                            .put("shadow", true)));
    assertEquals(200, sb.put("/api/v1/routes", routes).statusCode());
    HttpResponse<String> r = sb.classify(null, "route me");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("P", json(r).getJsonArray("results").getJsonObject(0).getString("label"));
    String requestId = r.headers().firstValue("x-request-id").orElseThrow();

    Row shadow = null;
    for (int i = 0; i < 50 && shadow == null; i++) {
      Thread.sleep(100);
      var rows =
          sb.server()
              .database()
              .pool()
              .preparedQuery(
                  "SELECT plugin_id, status, output FROM eval_log WHERE request_id = $1 AND shadow")
              .execute(io.vertx.sqlclient.Tuple.of(requestId))
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      shadow = rows.size() == 1 ? rows.iterator().next() : null;
    }
    assertTrue(shadow != null, "no shadow row in the eval log");
    assertEquals("shadowed", shadow.getString("plugin_id"));
    assertEquals(200, shadow.getInteger("status"));
    assertTrue(shadow.getJsonObject("output").encode().contains("\"S\""));

    // An explicit plugin in the request wins over the table.
    assertEquals(
        "S",
        json(sb.classify("shadowed", "x"))
            .getJsonArray("results")
            .getJsonObject(0)
            .getString("label"));
  }

  @Test
  void otherSendersReachTheRouterOverTheEventBus() throws Exception {
    TaskEnvelope envelope =
        new TaskEnvelope(
            java.util.UUID.randomUUID().toString(),
            TaskType.CLASSIFY,
            "primary",
            null,
            null,
            new ClassifyRequest(null, java.util.List.of("over the bus"), null).toJson(),
            null,
            null,
            java.time.Instant.now().plusSeconds(10),
            null,
            false);
    var reply =
        sb.server()
            .vertx()
            .eventBus()
            .<JsonObject>request(Addresses.task(TaskType.CLASSIFY), envelope)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertEquals("primary", reply.headers().get(TaskRouter.PLUGIN_HEADER));
    assertEquals("P", reply.body().getJsonArray("results").getJsonObject(0).getString("label"));
  }

  @Test
  void aTaskSentFromAnEventLoopIsServedByThePluginEndpointOnThatLoop() throws Exception {
    var host = sb.server().plugins();
    String shared = Addresses.plugin("primary", TaskType.CLASSIFY);
    assertEquals(shared, host.addressFor("primary", TaskType.CLASSIFY), "not on an event loop");
    // One probe per event loop: each finds the endpoint on its own thread and is answered there.
    java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    sb.server()
        .vertx()
        .deployVerticle(
            () ->
                new io.vertx.core.VerticleBase() {
                  @Override
                  public io.vertx.core.Future<?> start() {
                    Thread loop = Thread.currentThread();
                    String address = host.addressFor("primary", TaskType.CLASSIFY);
                    assertEquals(
                        Addresses.pluginOnThread("primary", TaskType.CLASSIFY, loop), address);
                    return vertx
                        .eventBus()
                        .<JsonObject>request(address, envelope("on this loop"))
                        .map(
                            reply -> {
                              assertEquals(loop, Thread.currentThread());
                              assertEquals(
                                  "P",
                                  reply
                                      .body()
                                      .getJsonArray("results")
                                      .getJsonObject(0)
                                      .getString("label"));
                              threads.add(loop.getName());
                              return null;
                            });
                  }
                },
            new io.vertx.core.DeploymentOptions()
                .setInstances(dev.switchboard.Switchboard.EVENT_LOOPS))
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    assertEquals(dev.switchboard.Switchboard.EVENT_LOOPS, threads.size(), threads.toString());
  }

  private static TaskEnvelope envelope(String text) {
    return new TaskEnvelope(
        java.util.UUID.randomUUID().toString(),
        TaskType.CLASSIFY,
        "primary",
        null,
        null,
        new ClassifyRequest(null, java.util.List.of(text), null).toJson(),
        null,
        null,
        java.time.Instant.now().plusSeconds(10),
        null,
        false);
  }

  @Test
  void invalidTablesAreRejectedAndTheOldOneKept() throws Exception {
    JsonObject good =
        new JsonObject()
            .put(
                "routes",
                new JsonArray()
                    .add(new JsonObject().put("task", "classify").put("plugin", "primary")));
    assertEquals(200, sb.put("/api/v1/routes", good).statusCode());
    for (JsonObject bad :
        new JsonObject[] {
          new JsonObject(),
          new JsonObject()
              .put(
                  "routes",
                  new JsonArray().add(new JsonObject().put("task", "dance").put("plugin", "x"))),
          new JsonObject()
              .put(
                  "routes",
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put("task", "chat")
                              .put("plugin", "x")
                              .put("weight", -1))),
          new JsonObject()
              .put(
                  "routes",
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put("task", "chat")
                              .put("plugin", "x")
                              .put("weight", "heavy"))),
          new JsonObject()
              .put(
                  "routes",
                  new JsonArray()
                      .add(new JsonObject().put("task", "chat").put("plugin", "x"))
                      .add(new JsonObject().put("task", "chat").put("plugin", "x")))
        }) {
      HttpResponse<String> r = sb.put("/api/v1/routes", bad);
      assertEquals(400, r.statusCode(), bad.encode() + " → " + r.body());
      assertEquals("invalid_input", json(r).getJsonObject("error").getString("code"));
    }
    assertEquals(
        "primary",
        json(sb.get("/api/v1/routes")).getJsonArray("routes").getJsonObject(0).getString("plugin"));
  }
}
