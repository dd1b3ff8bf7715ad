package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.ServerFixture;
import dev.switchboard.testing.TestPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming over SSE, end to end, and cancellation when the client goes away. */
class StreamingIT {

  @TempDir static Path home;
  @TempDir static Path jars;
  static ServerFixture sb;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home);
    assertEquals(
        201,
        sb.upload("/api/v1/plugins", TestPlugins.echo(jars, "streamer", "1.0.0", "s"), "s.jar")
            .statusCode());
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  private static String chatBody(int maxTokens) {
    return new JsonObject()
        .put("plugin", "streamer")
        .put("stream", true)
        .put(
            "input",
            new JsonObject()
                .put(
                    "messages",
                    new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")))
                .put("params", new JsonObject().put("maxTokens", maxTokens)))
        .encode();
  }

  private static Socket openStream(String body) throws Exception {
    Socket socket = new Socket("127.0.0.1", sb.port());
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /api/v1/tasks/chat HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + bytes.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
    return socket;
  }

  @Test
  void chunksArriveInOrderThenTheResultThenDone() throws Exception {
    try (Socket socket = openStream(chatBody(5))) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      List<String> data = new ArrayList<>();
      String line;
      boolean sawEventStream = false;
      while ((line = in.readLine()) != null) {
        if (line.toLowerCase().startsWith("content-type: text/event-stream")) {
          sawEventStream = true;
        }
        if (line.startsWith("data: ")) {
          data.add(line.substring(6));
          if (line.equals("data: [DONE]")) {
            break;
          }
        }
      }
      assertTrue(sawEventStream);
      assertEquals(7, data.size(), data.toString());
      StringBuilder streamed = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        String delta = new JsonObject(data.get(i)).getString("delta");
        assertEquals("tick" + i + " ", delta);
        streamed.append(delta);
      }
      JsonObject result = new JsonObject(data.get(5));
      assertEquals(streamed.toString(), result.getJsonObject("message").getString("content"));
      assertEquals("length", result.getString("finishReason"));
      assertEquals("[DONE]", data.get(6));
    }
  }

  @Test
  void disconnectingCancelsGeneration() throws Exception {
    int before = cancelledCount();
    try (Socket socket = openStream(chatBody(10_000))) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      int chunks = 0;
      String line;
      while (chunks < 3 && (line = in.readLine()) != null) {
        if (line.startsWith("data: ")) {
          chunks++;
        }
      }
      assertEquals(3, chunks);
    }
    int after = before;
    for (int i = 0; i < 100 && after == before; i++) {
      Thread.sleep(50);
      after = cancelledCount();
    }
    assertEquals(before + 1, after, "the plugin never saw the cancellation");
  }

  @Test
  void aStreamThatFailsBeforeItsFirstChunkIsAPlainError() throws Exception {
    var r =
        sb.post("/api/v1/tasks/chat", new JsonObject(chatBody(3)).put("plugin", "nobody").encode());
    assertEquals(404, r.statusCode());
    assertEquals("not_found", json(r).getJsonObject("error").getString("code"));
  }

  @Test
  void perRequestAddressesDoNotMintMetricSeries() throws Exception {
    chunksArriveInOrderThenTheResultThenDone();
    String metrics = sb.get("/metrics").body();
    assertTrue(metrics.contains("switchboard_plugin_requests"), metrics);
    assertTrue(
        !java.util.regex.Pattern.compile("sb\\.(stream|cancel)\\.[0-9a-f]{8}-")
            .matcher(metrics)
            .find(),
        "a request id leaked into a metric label");
    assertTrue(!java.util.regex.Pattern.compile("__vertx\\.reply\\.[0-9]").matcher(metrics).find());
    assertTrue(
        !metrics.contains("sb.plugin."), "per-thread endpoint addresses are no label either");
  }

  private static int cancelledCount() throws Exception {
    return Integer.parseInt(
        json(sb.classify("streamer", "cancelled?"))
            .getJsonArray("results")
            .getJsonObject(0)
            .getString("label"));
  }
}
