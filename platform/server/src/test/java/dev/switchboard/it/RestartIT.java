package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.ServerFixture;
import dev.switchboard.testing.TestPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accepted writes survive a restart; shutdown lets in-flight requests finish. */
class RestartIT {

  @TempDir Path home;
  @TempDir Path jars;

  @Test
  void routesPluginStateAndTheEvalLogSurviveARestart() throws Exception {
    JsonObject routes =
        new JsonObject()
            .put(
                "routes",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("task", "classify")
                            .put("plugin", "keep")
                            .put("weight", 100)
                            .put("model", "m1")));
    try (ServerFixture sb = ServerFixture.start(home)) {
      assertEquals(
          201,
          sb.upload("/api/v1/plugins", TestPlugins.echo(jars, "keep", "1.0.0", "k"), "keep.jar")
              .statusCode());
      assertEquals(
          201,
          sb.upload(
                  "/api/v1/plugins",
                  TestPlugins.echo(jars.resolve("o"), "off", "1.0.0", "o"),
                  "off.jar")
              .statusCode());
      assertEquals(200, sb.put("/api/v1/routes", routes).statusCode());
      assertEquals(200, sb.post("/api/v1/plugins/off/disable", "").statusCode());
      HttpResponse<String> routed =
          sb.post("/api/v1/classify", new JsonObject().put("input", "via the table"));
      assertEquals(200, routed.statusCode(), routed.body());
      assertEquals("k", json(routed).getJsonArray("results").getJsonObject(0).getString("label"));
    }
    try (ServerFixture sb = ServerFixture.start(home)) {
      assertEquals(
          routes.getJsonArray("routes").getJsonObject(0).getString("model"),
          json(sb.get("/api/v1/routes"))
              .getJsonArray("routes")
              .getJsonObject(0)
              .getString("model"));
      assertEquals("STARTED", json(sb.get("/api/v1/plugins/keep")).getString("state"));
      assertEquals("DISABLED", json(sb.get("/api/v1/plugins/off")).getString("state"));
      long logged =
          sb.server()
              .database()
              .pool()
              .query("SELECT count(*) FROM eval_log WHERE plugin_id = 'keep' AND model = 'm1'")
              .execute()
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS)
              .iterator()
              .next()
              .getLong(0);
      assertEquals(1, logged);
    }
  }

  @Test
  void shutdownFinishesInFlightRequests() throws Exception {
    ServerFixture sb = ServerFixture.start(home);
    assertEquals(
        201,
        sb.upload("/api/v1/plugins", TestPlugins.echo(jars, "slow", "1.0.0", "s"), "slow.jar")
            .statusCode());
    CompletableFuture<HttpResponse<String>> inFlight =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return sb.classify("slow", "slow:800");
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    Thread.sleep(250);
    sb.close();
    HttpResponse<String> r = inFlight.get(10, TimeUnit.SECONDS);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"s\""));
  }
}
