package dev.switchboard.bench;

import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The improvement loop on Banking77 through the HTTP API only: import train.csv, split, freeze a
 * version, train a classifier head, evaluate it on the test split. Reports the wall time of each
 * stage and the final accuracy. Usage: {@code bench/run.sh loop [path/to/train.csv]} (default
 * {@code ../shared/datasets/banking77/train.csv}).
 */
public final class LoopBench {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static String base;

  private LoopBench() {}

  public static void main(String[] args) throws Exception {
    Path csv = Path.of(args.length > 0 ? args[0] : "../shared/datasets/banking77/train.csv");
    if (!Files.isRegularFile(csv)) {
      throw new IllegalArgumentException("no Banking77 train.csv at " + csv.toAbsolutePath());
    }
    Path home = Files.createTempDirectory("sb-bench-loop-");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("SWITCHBOARD_HOME", home.toString());
    env.put("SWITCHBOARD_PORT", "0");
    env.put(
        "SWITCHBOARD_BUILTIN_PLUGINS_DIR",
        Path.of("platform/server/target/plugins").toAbsolutePath().toString());
    env.put("SWITCHBOARD_MAX_BODY_BYTES", String.valueOf(64L << 20));
    env.remove("DATABASE_URL");
    Switchboard sb =
        Switchboard.start(SwitchboardConfig.from(env, Map.of()))
            .toCompletionStage()
            .toCompletableFuture()
            .get(120, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + sb.port();
    try {
      long t0 = System.nanoTime();
      String dataset =
          post(
                  "/api/v1/datasets",
                  new JsonObject().put("name", "banking77").put("task", "classification"))
              .getString("id");
      JsonObject imported =
          send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets/" + dataset + "/import"))
                  .header("content-type", "text/csv")
                  .POST(HttpRequest.BodyPublishers.ofFile(csv)));
      double importS = seconds(t0);
      log(
          "import: %d examples, %d rejected, %.1f s",
          imported.getInteger("imported"), imported.getJsonArray("rejected").size(), importS);

      long t1 = System.nanoTime();
      post(
          "/api/v1/datasets/" + dataset + "/split",
          new JsonObject()
              .put("train", 0.8)
              .put("validation", 0.1)
              .put("test", 0.1)
              .put("seed", 42));
      double splitS = seconds(t1);

      long t2 = System.nanoTime();
      JsonObject version = post("/api/v1/datasets/" + dataset + "/versions", new JsonObject());
      double versionS = seconds(t2);
      log(
          "split %.1f s, version %s (%s) %.1f s",
          splitS, version.getValue("version"), version.getValue("splitCounts"), versionS);

      long t3 = System.nanoTime();
      String job =
          post(
                  "/api/v1/training-jobs",
                  new JsonObject()
                      .put("kind", "classifier")
                      .put("datasetVersionId", version.getString("id"))
                      .put("name", "banking77"))
              .getString("id");
      JsonObject trained = await("/api/v1/training-jobs/" + job, 600);
      double trainS = seconds(t3);
      log(
          "train: %s in %.1f s, metrics %s",
          trained.getString("status"), trainS, trained.getValue("metrics"));
      if (!"succeeded".equals(trained.getString("status"))) {
        throw new IllegalStateException("training did not succeed: " + trained.encode());
      }

      long t4 = System.nanoTime();
      String run =
          post(
                  "/api/v1/eval-runs",
                  new JsonObject()
                      .put("datasetVersionId", version.getString("id"))
                      .put("split", "test")
                      .put(
                          "target",
                          new JsonObject()
                              .put("plugin", "classifier")
                              .put("classifier", "banking77")))
              .getString("id");
      JsonObject evaluated = await("/api/v1/eval-runs/" + run, 600);
      double evalS = seconds(t4);
      JsonObject metrics = evaluated.getJsonObject("metrics", new JsonObject());
      log(
          "evaluate: %s in %.1f s, accuracy %s macro-F1 %s",
          evaluated.getString("status"),
          evalS,
          metrics.getValue("accuracy"),
          metrics.getValue("macroF1"));
      System.out.printf(
          Locale.ROOT,
          "RESULT loop import_s=%.1f split_s=%.1f version_s=%.1f train_s=%.1f eval_s=%.1f total_s=%.1f accuracy=%.4f macro_f1=%.4f examples=%d%n",
          importS,
          splitS,
          versionS,
          trainS,
          evalS,
          seconds(t0),
          metrics.getDouble("accuracy", Double.NaN),
          metrics.getDouble("macroF1", Double.NaN),
          imported.getInteger("imported"));
    } finally {
      sb.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  private static JsonObject await(String path, int maxSeconds) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    while (System.nanoTime() < until) {
      JsonObject state = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
      String status = state.getString("status");
      if (status.equals("succeeded") || status.equals("failed") || status.equals("cancelled")) {
        return state;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(path + " did not finish in " + maxSeconds + " s");
  }

  private static JsonObject post(String path, JsonObject body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private static JsonObject send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            request.timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body());
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void log(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
