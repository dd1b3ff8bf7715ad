package dev.switchboard.bench;

import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.runtime.LocalEmbeddingModel;
import dev.switchboard.runtime.ModelRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The full HTTP stack against the same work called in-process, at 16 concurrent clients: embeddings
 * of one sentence per request through {@code POST /v1/embeddings} (wrk, 16 connections) versus 16
 * threads calling the bundled model's batcher directly. Usage: {@code bench/run.sh api [seconds]}.
 */
public final class ApiBench {

  private static final String SENTENCE = "How do I top up my card with a bank transfer?";
  private static final int CLIENTS = 16;

  private ApiBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Wrk.requireInstalled();

    double inProcess;
    try (ModelRuntime runtime = new ModelRuntime()) {
      LocalEmbeddingModel model = runtime.bundledEmbedding();
      inProcessRate(model, 5);
      inProcess = inProcessRate(model, seconds);
    }
    System.out.printf(
        Locale.ROOT, "in-process  %.0f req/s (%d client threads)%n", inProcess, CLIENTS);

    Path home = Files.createTempDirectory("sb-bench-api-");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("SWITCHBOARD_HOME", home.toString());
    env.put("SWITCHBOARD_PORT", "0");
    env.put(
        "SWITCHBOARD_BUILTIN_PLUGINS_DIR",
        Path.of("platform/server/target/plugins").toAbsolutePath().toString());
    env.remove("DATABASE_URL");
    Switchboard sb =
        Switchboard.start(SwitchboardConfig.from(env, Map.of()))
            .toCompletionStage()
            .toCompletableFuture()
            .get(120, TimeUnit.SECONDS);
    String url = "http://127.0.0.1:" + sb.port() + "/v1/embeddings";
    String body = "{\"model\":\"all-minilm-l6-v2\",\"input\":\"" + SENTENCE + "\"}";
    Wrk.post(url, body, 2, CLIENTS, 5);
    Wrk.Result http = Wrk.post(url, body, 2, CLIENTS, seconds);
    System.out.printf(
        Locale.ROOT,
        "http        %.0f req/s  p50 %.2f ms  p99 %.2f ms  errors %d%n",
        http.requestsPerSecond(),
        http.p50Ms(),
        http.p99Ms(),
        http.errors());
    sb.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.out.printf(
        Locale.ROOT,
        "RESULT api embed_http_rps=%.0f embed_inprocess_rps=%.0f embed_ratio=%.3f p99_ms=%.2f errors=%d connections=%d seconds=%d%n",
        http.requestsPerSecond(),
        inProcess,
        http.requestsPerSecond() / inProcess,
        http.p99Ms(),
        http.errors(),
        CLIENTS,
        seconds);
    System.exit(0);
  }

  /** 16 threads, each embedding one sentence at a time through the model's batcher. */
  private static double inProcessRate(LocalEmbeddingModel model, int seconds)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      Thread t =
          new Thread(
              () -> {
                while (!stop.get()) {
                  model.embed(List.of(SENTENCE)).join();
                  done.incrementAndGet();
                }
              });
      t.start();
      clients.add(t);
    }
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    long count = done.get();
    double elapsed = (System.nanoTime() - t0) / 1e9;
    for (Thread t : clients) {
      t.join();
    }
    return count / elapsed;
  }
}
