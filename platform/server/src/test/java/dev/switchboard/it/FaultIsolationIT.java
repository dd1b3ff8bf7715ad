package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.errorCode;
import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.ServerFixture;
import dev.switchboard.testing.TestPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin that throws or hangs costs only its own request. */
class FaultIsolationIT {

  @TempDir static Path home;
  @TempDir static Path jars;
  static ServerFixture sb;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home);
    assertEquals(
        201,
        sb.upload("/api/v1/plugins", TestPlugins.echo(jars, "faulty", "1.0.0", "ok"), "faulty.jar")
            .statusCode());
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @Test
  void aThrowingPluginIs500WithTheRequestIdAndTheServerKeepsServing() throws Exception {
    HttpResponse<String> r = sb.classify("faulty", "throw");
    assertEquals(500, r.statusCode(), r.body());
    JsonObject error = json(r).getJsonObject("error");
    assertEquals("internal", error.getString("code"));
    assertTrue(error.getString("message").contains("faulty"));
    assertTrue(!error.getString("message").contains("boom"), "internal details stay in the log");
    assertEquals(
        r.headers().firstValue("x-request-id").orElseThrow(), error.getString("requestId"));
    assertEquals(200, sb.classify("faulty", "fine").statusCode());
  }

  @Test
  void aHangingPluginIs504AtTheDeadlineAndTheServerKeepsServing() throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r =
        sb.post(
            "/api/v1/tasks/classify",
            new JsonObject()
                .put("plugin", "faulty")
                .put("timeoutMs", 500)
                .put("input", new JsonObject().put("inputs", new JsonArray().add("hang"))));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(504, r.statusCode(), r.body());
    assertEquals("deadline_exceeded", errorCode(r));
    assertTrue(ms < 5_000, "answered after " + ms + " ms");
    assertEquals(200, sb.classify("faulty", "fine").statusCode());
    assertEquals(200, sb.get("/health").statusCode());
  }
}
