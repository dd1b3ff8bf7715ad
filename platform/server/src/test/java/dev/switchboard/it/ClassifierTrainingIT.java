package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.errorCode;
import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.ServerFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training loop through HTTP with the bundled MiniLM: a crafted dataset imported, split and
 * frozen; training jobs queued, watched, cancelled and resumed after a restart; the new version
 * classified through {@code /api/v1/classify} by the built-in classifier plugin.
 */
class ClassifierTrainingIT {

  @TempDir Path home;

  private static final String[][] INTENTS = {
    {
      "refund",
      "I want my money back for this order",
      "please refund the payment",
      "can I get a refund for the broken item",
      "return the charge to my card",
      "I was charged twice and need a refund",
      "how do I get reimbursed for my purchase"
    },
    {
      "greeting",
      "hello there",
      "good morning to you",
      "hi, nice to meet you",
      "hey, how are you doing",
      "good evening everyone",
      "greetings friend"
    },
    {
      "weather",
      "will it rain tomorrow",
      "what is the forecast for the weekend",
      "is it sunny outside",
      "how cold will it be tonight",
      "is there a storm coming",
      "what is the temperature today"
    }
  };

  private static final String[] PREFIXES = {"", "so ", "um, ", "quick question: ", "ok "};

  /** 3 intents × 6 phrasings × 5 prefixes = 90 labelled rows. */
  static String csv() {
    StringBuilder b = new StringBuilder("text,label\n");
    for (String[] intent : INTENTS) {
      for (int i = 1; i < intent.length; i++) {
        for (String p : PREFIXES) {
          b.append('"').append(p).append(intent[i]).append("\",").append(intent[0]).append('\n');
        }
      }
    }
    return b.toString();
  }

  /** Creates, imports, splits (60/20/20) and freezes a dataset; returns the version id. */
  static String datasetVersion(ServerFixture sb, String name) throws Exception {
    HttpResponse<String> r =
        sb.post(
            "/api/v1/datasets", new JsonObject().put("name", name).put("task", "classification"));
    assertEquals(201, r.statusCode(), r.body());
    String id = json(r).getString("id");
    r =
        sb.send(
            HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/datasets/" + id + "/import"))
                .header("content-type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv())));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(90, json(r).getInteger("imported"));
    r =
        sb.post(
            "/api/v1/datasets/" + id + "/split",
            new JsonObject()
                .put("train", 0.6)
                .put("validation", 0.2)
                .put("test", 0.2)
                .put("seed", 7));
    assertEquals(200, r.statusCode(), r.body());
    r = sb.post("/api/v1/datasets/" + id + "/versions", new JsonObject());
    assertEquals(201, r.statusCode(), r.body());
    return json(r).getString("id");
  }

  /** A job request; without params when {@code params} is null (the spec has no null params). */
  static JsonObject job(String versionId, String name, JsonObject params) {
    JsonObject job =
        new JsonObject()
            .put("kind", "classifier")
            .put("datasetVersionId", versionId)
            .put("name", name);
    return params == null ? job : job.put("params", params);
  }

  static String submit(ServerFixture sb, JsonObject job) throws Exception {
    HttpResponse<String> r = sb.post("/api/v1/training-jobs", job);
    assertEquals(201, r.statusCode(), r.body());
    assertEquals("queued", json(r).getString("status"));
    return json(r).getString("id");
  }

  static JsonObject await(ServerFixture sb, String id, Predicate<JsonObject> done, long millis)
      throws Exception {
    long end = System.currentTimeMillis() + millis;
    JsonObject job;
    do {
      HttpResponse<String> r = sb.get("/api/v1/training-jobs/" + id);
      assertEquals(200, r.statusCode(), r.body());
      job = json(r);
      if (done.test(job)) {
        return job;
      }
      Thread.sleep(100);
    } while (System.currentTimeMillis() < end);
    throw new AssertionError("training job did not get there in time: " + job.encodePrettily());
  }

  static boolean ended(JsonObject job) {
    return !job.getString("status").equals("queued") && !job.getString("status").equals("running");
  }

  @Test
  void trainsAVersionAndServesItThroughClassify() throws Exception {
    try (ServerFixture sb = ServerFixture.start(home)) {
      String version = datasetVersion(sb, "intents");
      JsonObject params =
          new JsonObject().put("epochs", 40).put("batchSize", 16).put("learningRate", 0.05);
      String id = submit(sb, job(version, "intents", params));
      JsonObject done = await(sb, id, ClassifierTrainingIT::ended, 90_000);
      assertEquals("succeeded", done.getString("status"), done.encodePrettily());
      assertEquals(1.0, done.getDouble("progress"), 1e-9);
      JsonObject metrics = done.getJsonObject("metrics");
      assertEquals(1, metrics.getInteger("version"));
      assertEquals("intents@1", metrics.getString("model"));
      assertTrue(metrics.getDouble("accuracy") >= 0.9, metrics.encodePrettily());
      assertTrue(metrics.getDouble("macroF1") >= 0.9, metrics.encodePrettily());
      assertEquals(18, metrics.getInteger("testExamples"));
      assertFalse(metrics.getJsonArray("curve").isEmpty());
      assertTrue(
          Files.isRegularFile(home.resolve("models/classifiers/intents/v1/model.safetensors")));

      // The job started an eval run of version 1 on the test split; it agrees with the job.
      String evalRun = metrics.getString("evalRunId");
      JsonObject run = null;
      for (int i = 0; i < 300; i++) {
        run = json(sb.get("/api/v1/eval-runs/" + evalRun));
        if (!run.getString("status").equals("queued")
            && !run.getString("status").equals("running")) {
          break;
        }
        Thread.sleep(100);
      }
      assertEquals("succeeded", run.getString("status"), run.encodePrettily());
      assertEquals(
          metrics.getDouble("accuracy"),
          run.getJsonObject("metrics").getDouble("accuracy"),
          1e-6,
          run.encodePrettily());

      HttpResponse<String> r =
          sb.post(
              "/api/v1/classify",
              new JsonObject()
                  .put("classifier", "intents")
                  .put(
                      "inputs",
                      new JsonArray()
                          .add("I need my money refunded please")
                          .add("hi there, good morning")
                          .add("will there be rain this weekend")));
      assertEquals(200, r.statusCode(), r.body());
      JsonArray results = json(r).getJsonArray("results");
      assertEquals("refund", results.getJsonObject(0).getString("label"));
      assertEquals("greeting", results.getJsonObject(1).getString("label"));
      assertEquals("weather", results.getJsonObject(2).getString("label"));
      assertEquals(3, results.getJsonObject(0).getJsonObject("scores").size());

      // A finished job's event stream is its final status.
      r = sb.get("/api/v1/training-jobs/" + id + "/events");
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
      assertTrue(r.body().startsWith("event: status\ndata: "), r.body());
      assertTrue(r.body().contains("\"succeeded\""), r.body());

      assertEquals(409, sb.post("/api/v1/training-jobs/" + id + "/cancel", "").statusCode());
      JsonObject page = json(sb.get("/api/v1/training-jobs?limit=1"));
      assertEquals(id, page.getJsonArray("items").getJsonObject(0).getString("id"));

      // A second run is version 2 and becomes active; promote pins version 1 again.
      String second = submit(sb, job(version, "intents", params.copy().put("seed", 7)));
      assertEquals(
          "succeeded", await(sb, second, ClassifierTrainingIT::ended, 90_000).getString("status"));
      JsonArray versions = json(sb.get("/api/v1/classifiers")).getJsonArray("items");
      assertEquals(2, versions.size());
      assertTrue(versions.getJsonObject(1).getBoolean("active"));
      r = sb.post("/api/v1/classifiers/intents/promote", new JsonObject().put("version", 1));
      assertEquals(200, r.statusCode(), r.body());
      versions = json(sb.get("/api/v1/classifiers")).getJsonArray("items");
      assertTrue(versions.getJsonObject(0).getBoolean("active"));
      assertTrue(versions.getJsonObject(0).getBoolean("pinned"));
    }
    // Versions and the pin survive a restart.
    try (ServerFixture sb = ServerFixture.start(home)) {
      JsonArray versions = json(sb.get("/api/v1/classifiers")).getJsonArray("items");
      assertEquals(2, versions.size());
      assertTrue(versions.getJsonObject(0).getBoolean("pinned"));
      HttpResponse<String> r =
          sb.post(
              "/api/v1/classify",
              new JsonObject().put("classifier", "intents").put("input", "refund my order"));
      assertEquals("refund", json(r).getJsonArray("results").getJsonObject(0).getString("label"));
    }
  }

  @Test
  void rejectsBadJobsUpFront() throws Exception {
    try (ServerFixture sb = ServerFixture.start(home)) {
      String version = datasetVersion(sb, "checks");
      HttpResponse<String> r =
          sb.post("/api/v1/training-jobs", job(version, "x", null).put("kind", "chat"));
      assertEquals(400, r.statusCode(), r.body());
      r = sb.post("/api/v1/training-jobs", job(version, "x", new JsonObject().put("epochz", 3)));
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(json(r).getJsonObject("error").getString("message").contains("epochz"));
      r = sb.post("/api/v1/training-jobs", job(version, "bad name!", null));
      assertEquals(400, r.statusCode(), r.body());
      r = sb.post("/api/v1/training-jobs", job("00000000-0000-0000-0000-000000000000", "x", null));
      assertEquals(404, r.statusCode(), r.body());
      assertEquals("not_found", errorCode(sb.get("/api/v1/training-jobs/nope")));
      r = sb.post("/api/v1/training-jobs", job(version, "all-minilm-l6-v2", null));
      assertEquals(409, r.statusCode(), r.body());
      r =
          sb.post(
              "/api/v1/classify",
              new JsonObject().put("classifier", "never-trained").put("input", "x"));
      assertEquals(404, r.statusCode(), r.body());
    }
  }

  /** Long enough to stop in the middle: many epochs of tiny batches, no early stopping. */
  static JsonObject slow() {
    return new JsonObject()
        .put("epochs", 150)
        .put("batchSize", 4)
        .put("patience", 0)
        .put("learningRate", 0.01);
  }

  @Test
  void cancelsAndResumesAfterARestart() throws Exception {
    String resumed;
    try (ServerFixture sb = ServerFixture.start(home)) {
      String version = datasetVersion(sb, "long");
      String cancelled = submit(sb, job(version, "long", slow()));
      resumed = submit(sb, job(version, "long", slow()));
      // Live progress: the job as it stands, then progress events carrying loss-curve points.
      HttpResponse<java.util.stream.Stream<String>> events =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(sb.base() + "/api/v1/training-jobs/" + cancelled + "/events"))
                      .build(),
                  HttpResponse.BodyHandlers.ofLines());
      java.util.List<String> seen = new java.util.ArrayList<>();
      try (java.util.stream.Stream<String> lines = events.body()) {
        java.util.Iterator<String> it = lines.iterator();
        while (it.hasNext()) {
          String line = it.next();
          seen.add(line);
          if (line.startsWith("data: ")
              && line.contains("\"point\"")
              && line.contains("\"loss\"")) {
            break;
          }
        }
      }
      assertEquals("event: status", seen.get(0));
      assertTrue(seen.contains("event: progress"), String.valueOf(seen));
      await(sb, cancelled, j -> j.getDouble("progress") > 0.15, 60_000);
      HttpResponse<String> r = sb.post("/api/v1/training-jobs/" + cancelled + "/cancel", "");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("cancelled", json(r).getString("status"));
      JsonObject running = await(sb, resumed, j -> j.getDouble("progress") > 0.3, 60_000);
      assertEquals("running", running.getString("status"));
      assertEquals(
          "cancelled", json(sb.get("/api/v1/training-jobs/" + cancelled)).getString("status"));
      // Stopping the server here leaves the second job mid-run.
    }
    try (ServerFixture sb = ServerFixture.start(home)) {
      JsonObject done = await(sb, resumed, ClassifierTrainingIT::ended, 120_000);
      assertEquals("succeeded", done.getString("status"), done.encodePrettily());
      JsonObject metrics = done.getJsonObject("metrics");
      assertTrue(metrics.getInteger("resumedFromEpoch") > 0, metrics.encodePrettily());
      assertEquals(150, metrics.getInteger("epochs"));
      assertEquals(1, metrics.getInteger("version"));
    }
  }
}
