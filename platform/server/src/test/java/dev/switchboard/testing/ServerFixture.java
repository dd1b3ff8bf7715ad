package dev.switchboard.testing;

import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real server on a free loopback port with its own home (embedded PostgreSQL), and an HTTP
 * client.
 */
public final class ServerFixture implements AutoCloseable {

  private final Switchboard server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  private ServerFixture(Switchboard server) {
    this.server = server;
    this.base = "http://127.0.0.1:" + server.port();
  }

  /** Starts a server; {@code env} adds or overrides settings. */
  public static ServerFixture start(Path home, Map<String, String> env) throws Exception {
    Map<String, String> all = new HashMap<>();
    all.put("SWITCHBOARD_HOME", home.toString());
    all.put("SWITCHBOARD_PORT", "0");
    String builtin = System.getProperty("switchboard.test.builtinPlugins");
    if (builtin != null) {
      all.put("SWITCHBOARD_BUILTIN_PLUGINS_DIR", builtin);
    }
    all.putAll(env);
    SwitchboardConfig config = SwitchboardConfig.from(all, Map.of());
    Switchboard sb =
        Switchboard.start(config)
            .toCompletionStage()
            .toCompletableFuture()
            .get(90, TimeUnit.SECONDS);
    return new ServerFixture(sb);
  }

  public static ServerFixture start(Path home) throws Exception {
    return start(home, Map.of());
  }

  public Switchboard server() {
    return server;
  }

  public String base() {
    return base;
  }

  public int port() {
    return server.port();
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public HttpResponse<String> post(String path, JsonObject body)
      throws IOException, InterruptedException {
    return post(path, body.encode());
  }

  public HttpResponse<String> put(String path, JsonObject body)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("content-type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  /** Uploads a file as multipart/form-data under the field {@code file}. */
  public HttpResponse<String> upload(String path, Path file, String fileName)
      throws IOException, InterruptedException {
    String boundary = "----sb" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: application/java-archive\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(file));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("content-type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** Classifies one text through HTTP → bus → plugin. */
  public HttpResponse<String> classify(String plugin, String text)
      throws IOException, InterruptedException {
    JsonObject body = new JsonObject().put("input", text);
    if (plugin != null) {
      body.put("plugin", plugin);
    }
    return post("/api/v1/classify", body);
  }

  public HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  public static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  /** The error code of an error response. */
  public static String errorCode(HttpResponse<String> response) {
    return json(response).getJsonObject("error").getString("code");
  }

  @Override
  public void close() throws Exception {
    server.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
