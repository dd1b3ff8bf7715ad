package dev.switchboard.runtime.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull against a fake hub on loopback (com.sun.net.httpserver). */
class HubDownloaderTest {
  @TempDir Path dir;
  HttpServer server;
  byte[] weights;
  byte[] config = "{\"model_type\":\"bert\"}".getBytes(StandardCharsets.UTF_8);
  String advertisedSha;
  final AtomicBoolean cutFirstDownload = new AtomicBoolean();
  final List<String> ranges = new CopyOnWriteArrayList<>();
  final List<String> auth = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    weights = new byte[3_000_000];
    new Random(1).nextBytes(weights);
    advertisedSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(weights));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/models/org/tiny/revision/main", this::api);
    server.createContext("/org/tiny/resolve/main/", this::file);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void api(HttpExchange ex) throws IOException {
    auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
    String body =
        "{\"sha\":\"abc\",\"siblings\":["
            + "{\"rfilename\":\"config.json\",\"size\":"
            + config.length
            + "},"
            + "{\"rfilename\":\"model.safetensors\",\"size\":"
            + weights.length
            + ",\"lfs\":{\"sha256\":\""
            + advertisedSha
            + "\",\"size\":"
            + weights.length
            + "}},"
            + "{\"rfilename\":\"pytorch_model.bin\",\"size\":5},"
            + "{\"rfilename\":\"onnx/model.onnx\",\"size\":5}]}";
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  private void file(HttpExchange ex) throws IOException {
    String name = ex.getRequestURI().getPath().substring("/org/tiny/resolve/main/".length());
    byte[] data = Map.of("config.json", config, "model.safetensors", weights).get(name);
    if (data == null) {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    }
    String range = ex.getRequestHeaders().getFirst("Range");
    int from = 0;
    if (range != null) {
      ranges.add(range);
      from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
      ex.getResponseHeaders()
          .add("Content-Range", "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
      ex.sendResponseHeaders(206, data.length - from);
    } else {
      ex.sendResponseHeaders(200, data.length);
    }
    OutputStream o = ex.getResponseBody();
    if (name.equals("model.safetensors") && cutFirstDownload.getAndSet(false)) {
      o.write(data, from, 1_000_000);
      o.flush();
      ex.getHttpContext().getServer();
      ex.close(); // connection drops mid-body
      throw new IOException("simulated drop");
    }
    o.write(data, from, data.length - from);
    o.close();
  }

  HubDownloader hub() {
    return new HubDownloader(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), "secret");
  }

  @Test
  void resumesAnInterruptedDownloadWithRange() throws Exception {
    cutFirstDownload.set(true);
    Path target = dir.resolve("tiny");
    assertThrows(IOException.class, () -> hub().pull("org/tiny", "main", target, null));
    Path part = target.resolve("model.safetensors.incomplete");
    assertTrue(Files.exists(part));
    long partial = Files.size(part);
    assertTrue(partial > 0 && partial < weights.length, "partial " + partial);
    List<long[]> seen = new CopyOnWriteArrayList<>();
    hub().pull("org/tiny", "main", target, (f, done, total) -> seen.add(new long[] {done, total}));
    assertEquals(List.of("bytes=" + partial + "-"), ranges);
    assertArrayEquals(weights, Files.readAllBytes(target.resolve("model.safetensors")));
    assertArrayEquals(config, Files.readAllBytes(target.resolve("config.json")));
    assertFalse(Files.exists(part));
    assertFalse(Files.exists(target.resolve("pytorch_model.bin")), "other formats are skipped");
    assertFalse(Files.exists(target.resolve("onnx")));
    long[] last = seen.get(seen.size() - 1);
    assertEquals(last[1], last[0]);
    assertTrue(auth.stream().allMatch("Bearer secret"::equals));
    // a second pull finds everything complete and downloads nothing
    ranges.clear();
    hub().pull("org/tiny", "main", target, null);
    assertTrue(ranges.isEmpty());
  }

  @Test
  void sha256MismatchFailsAndDeletes() {
    advertisedSha = "00".repeat(32);
    Path target = dir.resolve("bad");
    IOException e =
        assertThrows(IOException.class, () -> hub().pull("org/tiny", "main", target, null));
    assertTrue(
        e.getMessage().contains("model.safetensors") && e.getMessage().contains("sha256"),
        e.getMessage());
    assertFalse(Files.exists(target.resolve("model.safetensors")));
    assertFalse(Files.exists(target.resolve("model.safetensors.incomplete")));
  }

  @Test
  void unknownRepoIsAClearError() {
    IOException e =
        assertThrows(
            IOException.class, () -> hub().pull("org/missing", "main", dir.resolve("m"), null));
    assertTrue(
        e.getMessage().contains("404") && e.getMessage().contains("org/missing"), e.getMessage());
  }
}
