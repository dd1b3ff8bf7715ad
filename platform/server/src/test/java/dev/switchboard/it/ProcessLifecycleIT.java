package dev.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.ServerFixture;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as users run it: {@code java -jar switchboard.jar} in its own process, SIGTERM
 * for a graceful stop, and what it accepted is still there at the next start.
 */
class ProcessLifecycleIT {

  @TempDir Path home;

  @Test
  void sigtermDrainsTheEvalLogAndTheNextStartSeesIt() throws Exception {
    Path jar = Path.of("target/switchboard.jar").toAbsolutePath();
    assertTrue(Files.exists(jar), "run after package: " + jar);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = home.resolve("server.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("SWITCHBOARD_HOME", home.toString());
    pb.environment().put("SWITCHBOARD_PORT", String.valueOf(port));
    pb.environment().remove("DATABASE_URL");
    Process server = pb.start();
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + port;
    long t0 = System.nanoTime();
    int status = 0;
    while (status != 200 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20)) {
      Thread.sleep(200);
      try {
        status =
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode();
      } catch (java.io.IOException notYet) {
        status = 0;
      }
    }
    assertEquals(200, status, "not UP within 20 s:\n" + Files.readString(log));
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/classify"))
                .header("content-type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"input\":\"hello before the stop\",\"plugin\":\"hello\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    String requestId = r.headers().firstValue("x-request-id").orElseThrow();

    server.destroy(); // SIGTERM
    assertTrue(server.waitFor(60, TimeUnit.SECONDS), "did not stop after SIGTERM");
    // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited as signalled.
    assertEquals(143, server.exitValue(), Files.readString(log));
    String output = Files.readString(log);
    assertTrue(output.contains("Switchboard stopped"), output);
    assertTrue(!output.contains("batch write failed"), output);

    try (ServerFixture sb = ServerFixture.start(home, Map.of())) {
      long rows =
          sb.server()
              .database()
              .pool()
              .preparedQuery("SELECT count(*) FROM eval_log WHERE request_id = $1")
              .execute(io.vertx.sqlclient.Tuple.of(requestId))
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS)
              .iterator()
              .next()
              .getLong(0);
      assertEquals(1, rows, "the request accepted before SIGTERM was lost");
      assertEquals("UP", new JsonObject(sb.get("/health").body()).getString("status"));
    }
  }
}
