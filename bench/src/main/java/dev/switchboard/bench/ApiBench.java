package dev.switchboard.bench;

import dev.switchboard.Switchboard;
import dev.switchboard.api.model.ClassifierModelHandle;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.runtime.LocalEmbeddingModel;
import dev.switchboard.runtime.ModelRuntime;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The full HTTP stack against the same work called in-process, at 16 concurrent clients, for the
 * two native-model requests of the public API:
 *
 * <ul>
 *   <li>embeddings: one sentence per {@code POST /v1/embeddings} (wrk, 16 connections) versus 16
 *       threads calling the bundled model's batcher directly;
 *   <li>classification: one sentence per {@code POST /api/v1/classify} naming a classifier trained
 *       through the API at the start of the run (a head over the bundled embeddings, on 20
 *       Banking77 intents) versus 16 threads calling that classifier's handle in the same server
 *       process.
 * </ul>
 *
 * Usage: {@code bench/run.sh api [seconds] [banking77 train.csv]}.
 */
public final class ApiBench {

  private static final String SENTENCE = "How do I top up my card with a bank transfer?";
  private static final int CLIENTS = 16;
  private static final int INTENTS = 20;
  private static final int PER_INTENT = 30;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ApiBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path csv = Path.of(args.length > 1 ? args[1] : "../shared/datasets/banking77/train.csv");
    Wrk.requireInstalled();

    double embedInProcess;
    try (ModelRuntime runtime = new ModelRuntime()) {
      LocalEmbeddingModel model = runtime.bundledEmbedding();
      rate(() -> model.embed(List.of(SENTENCE)).join(), 5);
      embedInProcess = rate(() -> model.embed(List.of(SENTENCE)).join(), seconds);
    }
    System.out.printf(
        Locale.ROOT,
        "embed     in-process %.0f req/s (%d client threads)%n",
        embedInProcess,
        CLIENTS);

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
    String base = "http://127.0.0.1:" + sb.port();

    String embedBody = "{\"model\":\"all-minilm-l6-v2\",\"input\":\"" + SENTENCE + "\"}";
    Wrk.post(base + "/v1/embeddings", embedBody, 2, CLIENTS, 5);
    Wrk.Result embedHttp = Wrk.post(base + "/v1/embeddings", embedBody, 2, CLIENTS, seconds);
    report("embed     http", embedHttp);

    trainClassifier(base, csv);
    ClassifierModelHandle classifier = sb.models().catalog().classifier("bench");
    Runnable classifyOnce =
        () ->
            classifier.classify(List.of(SENTENCE)).toCompletionStage().toCompletableFuture().join();
    String classifyBody = "{\"classifier\":\"bench\",\"input\":\"" + SENTENCE + "\"}";
    String classifyUrl = base + "/api/v1/classify";
    // Warm both paths, then measure them back to back on the same warm server.
    rate(classifyOnce, 5);
    Wrk.post(classifyUrl, classifyBody, 2, CLIENTS, 5);
    double classifyInProcess = rate(classifyOnce, seconds);
    System.out.printf(
        Locale.ROOT,
        "classify  in-process %.0f req/s (%d client threads)%n",
        classifyInProcess,
        CLIENTS);
    Wrk.Result classifyHttp = Wrk.post(classifyUrl, classifyBody, 2, CLIENTS, seconds);
    report("classify  http", classifyHttp);

    sb.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.out.printf(
        Locale.ROOT,
        "RESULT api embed_http_rps=%.0f embed_inprocess_rps=%.0f embed_ratio=%.3f embed_p99_ms=%.2f"
            + " classify_http_rps=%.0f classify_inprocess_rps=%.0f classify_ratio=%.3f"
            + " classify_p99_ms=%.2f errors=%d connections=%d seconds=%d%n",
        embedHttp.requestsPerSecond(),
        embedInProcess,
        embedHttp.requestsPerSecond() / embedInProcess,
        embedHttp.p99Ms(),
        classifyHttp.requestsPerSecond(),
        classifyInProcess,
        classifyHttp.requestsPerSecond() / classifyInProcess,
        classifyHttp.p99Ms(),
        embedHttp.errors() + classifyHttp.errors(),
        CLIENTS,
        seconds);
    System.exit(0);
  }

  private static void report(String what, Wrk.Result r) {
    System.out.printf(
        Locale.ROOT,
        "%s %.0f req/s  p50 %.2f ms  p99 %.2f ms  errors %d%n",
        what,
        r.requestsPerSecond(),
        r.p50Ms(),
        r.p99Ms(),
        r.errors());
  }

  /**
   * Trains classifier {@code bench} through the API: a dataset of the first {@value #PER_INTENT}
   * examples of the first {@value #INTENTS} intents in the Banking77 training file, split, frozen,
   * trained.
   */
  private static void trainClassifier(String base, Path csv) throws Exception {
    if (!Files.isRegularFile(csv)) {
      throw new IllegalArgumentException("no Banking77 train.csv at " + csv.toAbsolutePath());
    }
    Map<String, Integer> taken = new LinkedHashMap<>();
    StringBuilder subset = new StringBuilder("text,category\n");
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(1, lines.size())) {
      String label = line.substring(line.lastIndexOf(',') + 1);
      if (!taken.containsKey(label) && taken.size() == INTENTS) {
        continue;
      }
      if (taken.merge(label, 1, Integer::sum) <= PER_INTENT) {
        subset.append(line).append('\n');
      }
    }
    String dataset =
        post(
                base + "/api/v1/datasets",
                new JsonObject().put("name", "api-bench").put("task", "classification"))
            .getString("id");
    send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets/" + dataset + "/import"))
            .header("content-type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofString(subset.toString())));
    post(
        base + "/api/v1/datasets/" + dataset + "/split",
        new JsonObject().put("train", 0.8).put("validation", 0.1).put("test", 0.1).put("seed", 7));
    String version =
        post(base + "/api/v1/datasets/" + dataset + "/versions", new JsonObject()).getString("id");
    String job =
        post(
                base + "/api/v1/training-jobs",
                new JsonObject()
                    .put("kind", "classifier")
                    .put("datasetVersionId", version)
                    .put("name", "bench"))
            .getString("id");
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < until) {
      JsonObject state =
          send(HttpRequest.newBuilder(URI.create(base + "/api/v1/training-jobs/" + job)).GET());
      switch (state.getString("status")) {
        case "succeeded" -> {
          JsonObject metrics = state.getJsonObject("metrics", new JsonObject());
          System.out.printf(
              Locale.ROOT,
              "classifier 'bench' trained on %s examples: test accuracy %s%n",
              metrics.getValue("trainExamples"),
              metrics.getValue("accuracy"));
          return;
        }
        case "failed", "cancelled" ->
            throw new IllegalStateException("training did not succeed: " + state.encode());
        default -> Thread.sleep(250);
      }
    }
    throw new IllegalStateException("training did not finish in 3 minutes");
  }

  private static JsonObject post(String url, JsonObject body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private static JsonObject send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body());
  }

  /** {@value #CLIENTS} threads, each doing one call at a time; calls per second. */
  private static double rate(Runnable call, int seconds) throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      Thread t =
          new Thread(
              () -> {
                while (!stop.get()) {
                  call.run();
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
