package dev.switchboard.bench;

import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HTTP → event bus → router → no-op plugin (the built-in hello classifier) → reply, against a bare
 * Vert.x HTTP server answering the same JSON bytes, both driven by wrk at 32 connections in the
 * same run. Usage: {@code bench/run.sh routing [seconds]}.
 */
public final class RoutingBench {

  private static final String BODY = "{\"plugin\":\"hello\",\"input\":\"hello there\"}";

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Wrk.requireInstalled();
    Path home = Files.createTempDirectory("sb-bench-routing-");
    Path builtin = Path.of("platform/server/target/plugins").toAbsolutePath();
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.put("SWITCHBOARD_HOME", home.toString());
    env.put("SWITCHBOARD_PORT", "0");
    env.put("SWITCHBOARD_BUILTIN_PLUGINS_DIR", builtin.toString());
    env.remove("DATABASE_URL");
    SwitchboardConfig config = SwitchboardConfig.from(env, Map.of());
    Switchboard sb =
        Switchboard.start(config)
            .toCompletionStage()
            .toCompletableFuture()
            .get(120, TimeUnit.SECONDS);
    String routedUrl = "http://127.0.0.1:" + sb.port() + "/api/v1/classify";
    HttpResponse<String> sample =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(routedUrl))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (sample.statusCode() != 200) {
      throw new IllegalStateException(
          "routed call failed: " + sample.statusCode() + " " + sample.body());
    }

    Vertx bareVertx = Vertx.vertx();
    Buffer answer = Buffer.buffer(sample.body());
    int barePort = freePort();
    bareVertx
        .deployVerticle(
            () -> new BareServer(barePort, answer),
            new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    String bareUrl = "http://127.0.0.1:" + barePort + "/api/v1/classify";

    System.out.println("warm-up ...");
    Wrk.post(routedUrl, BODY, 2, 32, 5);
    Wrk.post(bareUrl, BODY, 2, 32, 5);
    Wrk.Result bare = Wrk.post(bareUrl, BODY, 2, 32, seconds);
    // Again just before its measurement, as the bare server had: the bare run in between made the
    // JIT recompile shared Vert.x code, which otherwise lands in the routed run's first seconds.
    Wrk.post(routedUrl, BODY, 2, 32, 5);
    Wrk.Result routed = Wrk.post(routedUrl, BODY, 2, 32, seconds);
    System.out.printf(
        Locale.ROOT,
        "bare   %.0f req/s  p50 %.2f ms  p99 %.2f ms  errors %d%n",
        bare.requestsPerSecond(),
        bare.p50Ms(),
        bare.p99Ms(),
        bare.errors());
    System.out.printf(
        Locale.ROOT,
        "routed %.0f req/s  p50 %.2f ms  p99 %.2f ms  errors %d%n",
        routed.requestsPerSecond(),
        routed.p50Ms(),
        routed.p99Ms(),
        routed.errors());
    long logged = sb.evalLog().written();
    long dropped = sb.evalLog().dropped();
    System.out.printf(
        Locale.ROOT,
        "eval log rows written during the run: %d, dropped (backlog full): %d%n",
        logged,
        dropped);

    bareVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    sb.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.out.printf(
        Locale.ROOT,
        "RESULT routing routed_rps=%.0f bare_rps=%.0f ratio=%.3f p50_ms=%.2f p99_ms=%.2f"
            + " bare_p99_ms=%.2f errors=%d evallog_written=%d evallog_dropped=%d connections=32"
            + " seconds=%d%n",
        routed.requestsPerSecond(),
        bare.requestsPerSecond(),
        routed.requestsPerSecond() / bare.requestsPerSecond(),
        routed.p50Ms(),
        routed.p99Ms(),
        bare.p99Ms(),
        routed.errors() + bare.errors(),
        logged,
        dropped,
        seconds);
    System.exit(0);
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The baseline: reads the body and answers the routed call's exact bytes. */
  private static final class BareServer extends VerticleBase {
    private final int port;
    private final Buffer answer;

    BareServer(int port, Buffer answer) {
      this.port = port;
      this.answer = answer;
    }

    @Override
    public Future<?> start() {
      return vertx
          .createHttpServer()
          .requestHandler(
              req ->
                  req.body()
                      .onSuccess(
                          body ->
                              req.response()
                                  .putHeader("content-type", "application/json")
                                  .end(answer)))
          .listen(port, "127.0.0.1");
    }
  }
}
