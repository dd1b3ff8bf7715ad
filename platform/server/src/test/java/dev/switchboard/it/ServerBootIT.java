package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.errorCode;
import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.ServerFixture;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots the real server on embedded PostgreSQL and checks the edge: health, metrics, validation and
 * errors.
 */
class ServerBootIT {

  @TempDir static Path home;
  static ServerFixture sb;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home, Map.of("SWITCHBOARD_MAX_BODY_BYTES", "4096"));
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @Test
  void healthIsUpWithDatabaseAndPluginChecks() throws Exception {
    HttpResponse<String> r = sb.get("/health");
    assertEquals(200, r.statusCode(), r.body());
    JsonObject body = json(r);
    assertEquals("UP", body.getString("status"));
    assertEquals("UP", body.getJsonObject("checks").getJsonObject("database").getString("status"));
    assertEquals(
        true,
        body.getJsonObject("checks")
            .getJsonObject("database")
            .getJsonObject("details")
            .getBoolean("embedded"));
    assertEquals("UP", body.getJsonObject("checks").getJsonObject("plugins").getString("status"));
  }

  @Test
  void metricsArePrometheusText() throws Exception {
    sb.get("/health");
    HttpResponse<String> r = sb.get("/metrics");
    assertEquals(200, r.statusCode());
    assertTrue(
        r.body().contains("vertx_http_server_requests_total"),
        r.body().substring(0, Math.min(500, r.body().length())));
  }

  @Test
  void builtInHelloPluginServesClassifyThroughTheBus() throws Exception {
    HttpResponse<String> r = sb.classify("hello", "hello there");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(1, json(r).getJsonArray("results").size());
    assertNotNull(json(r).getJsonArray("results").getJsonObject(0).getString("label"));
  }

  @Test
  void malformedJsonIs400WithTheErrorModel() throws Exception {
    HttpResponse<String> r = sb.post("/api/v1/classify", "{\"input\": ");
    assertEquals(400, r.statusCode());
    JsonObject error = json(r).getJsonObject("error");
    assertEquals("invalid_input", error.getString("code"));
    assertTrue(error.getString("message").contains("JSON"), error.getString("message"));
    assertEquals(
        r.headers().firstValue("x-request-id").orElseThrow(), error.getString("requestId"));
  }

  @Test
  void wrongTypesAre400NamingTheField() throws Exception {
    HttpResponse<String> r = sb.post("/api/v1/classify", new JsonObject().put("input", 42));
    assertEquals(400, r.statusCode());
    assertTrue(
        json(r).getJsonObject("error").getString("message").startsWith("body.input: "), r.body());

    r =
        sb.post(
            "/api/v1/tasks/classify",
            new JsonObject().put("input", new JsonObject().put("inputs", "not-an-array")));
    assertEquals(400, r.statusCode(), r.body());

    r =
        sb.post(
            "/api/v1/tasks/classify",
            new JsonObject().put("input", new JsonObject()).put("timeoutMs", "soon"));
    assertEquals(400, r.statusCode(), r.body());
  }

  @Test
  void oversizeBodyIs413() throws Exception {
    String big = "{\"input\":\"" + "x".repeat(10_000) + "\"}";
    HttpResponse<String> r = sb.post("/api/v1/classify", big);
    assertEquals(413, r.statusCode());
    assertEquals("too_large", errorCode(r));
  }

  @Test
  void unknownTaskPluginAndRouteAre404() throws Exception {
    HttpResponse<String> r =
        sb.post("/api/v1/tasks/translate", new JsonObject().put("input", new JsonObject()));
    assertEquals(404, r.statusCode());
    assertTrue(json(r).getJsonObject("error").getString("message").contains("translate"));

    r = sb.classify("no-such-plugin", "hi");
    assertEquals(404, r.statusCode());
    assertEquals("not_found", errorCode(r));

    r = sb.get("/api/v1/nothing-here");
    assertEquals(404, r.statusCode());
    assertEquals("not_found", errorCode(r));
  }

  @Test
  void aTaskNoPluginServesIs503() throws Exception {
    // Every task has a built-in plugin, so take the retriever away for a moment.
    assertEquals(200, sb.post("/api/v1/plugins/retriever/disable", "").statusCode());
    try {
      HttpResponse<String> r =
          sb.post(
              "/api/v1/retrieve",
              new JsonObject().put("collection", "docs").put("query", "anything"));
      assertEquals(503, r.statusCode(), r.body());
      assertEquals("unavailable", errorCode(r));
    } finally {
      assertEquals(200, sb.post("/api/v1/plugins/retriever/enable", "").statusCode());
    }
  }

  @Test
  void clientRequestIdIsEchoed() throws Exception {
    String id = "3f2b8c1e-8d4a-4e3f-9a55-0c6c2a1b9d7e";
    HttpResponse<String> r =
        sb.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(sb.base() + "/api/v1/nothing"))
                .header("X-Request-Id", id)
                .GET());
    assertEquals(id, r.headers().firstValue("x-request-id").orElseThrow());
    assertEquals(id, json(r).getJsonObject("error").getString("requestId"));
  }
}
