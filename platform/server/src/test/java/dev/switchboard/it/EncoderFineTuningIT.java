package dev.switchboard.it;

import static dev.switchboard.it.ClassifierTrainingIT.await;
import static dev.switchboard.it.ClassifierTrainingIT.job;
import static dev.switchboard.it.ClassifierTrainingIT.submit;
import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.runtime.store.RandomCheckpoint;
import dev.switchboard.testing.ServerFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encoder fine-tuning through HTTP on the CPU: a random-weight bert-mini registered from the models
 * folder (no download), a small dataset whose labels use different words, a job with {@code
 * "fineTune": true} watched to success, its automatic eval run, and the new version classified
 * through {@code /api/v1/classify}; the params' 400s.
 */
class EncoderFineTuningIT {

  @TempDir Path home;

  static final String[][] WORDS = {
    {"weather", "sunny", "warm", "city", "weather"},
    {"greeting", "hello", "world", "thank", "fine"},
    {"story", "robot", "stories", "learn", "write"}
  };
  static final String[] FILLER = {"the", "is", "and", "of", "to", "in", "it", "with", "on", "a"};

  /** 3 labels × 20 texts of three to five words, mostly of their label's words. */
  static String csv() {
    Random rnd = new Random(5);
    StringBuilder b = new StringBuilder("text,label\n");
    for (int i = 0; i < 60; i++) {
      String[] w = WORDS[i % 3];
      StringBuilder t = new StringBuilder(w[1 + rnd.nextInt(4)]);
      int len = 2 + rnd.nextInt(3);
      for (int k = 0; k < len; k++) {
        t.append(' ')
            .append(
                rnd.nextDouble() < 0.7
                    ? w[1 + rnd.nextInt(4)]
                    : FILLER[rnd.nextInt(FILLER.length)]);
      }
      b.append(t).append(',').append(w[0]).append('\n');
    }
    return b.toString();
  }

  static String datasetVersion(ServerFixture sb) throws Exception {
    HttpResponse<String> r =
        sb.post(
            "/api/v1/datasets",
            new JsonObject().put("name", "topics").put("task", "classification"));
    assertEquals(201, r.statusCode(), r.body());
    String id = json(r).getString("id");
    r =
        sb.send(
            HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/datasets/" + id + "/import"))
                .header("content-type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv())));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(60, json(r).getInteger("imported"), r.body());
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

  static JsonObject fineTune() {
    return new JsonObject()
        .put("encoder", "bert-mini")
        .put("fineTune", true)
        .put("epochs", 6)
        .put("batchSize", 12)
        .put("learningRate", 1e-3)
        .put("maxLength", 16)
        .put("checkpointEvery", 5)
        .put("seed", 3);
  }

  /** The labels of the dataset's texts, in order. */
  static List<String> labels() {
    return csv().lines().skip(1).map(l -> l.substring(l.lastIndexOf(',') + 1)).toList();
  }

  /** Classifies every text of the dataset through the API; the results in order. */
  static JsonArray classifyAll(ServerFixture sb, String classifier) throws Exception {
    JsonArray texts = new JsonArray();
    csv().lines().skip(1).forEach(l -> texts.add(l.substring(0, l.lastIndexOf(','))));
    HttpResponse<String> r =
        sb.post(
            "/api/v1/classify",
            new JsonObject().put("classifier", classifier).put("inputs", texts));
    assertEquals(200, r.statusCode(), r.body());
    return json(r).getJsonArray("results");
  }

  static int correct(JsonArray results) {
    List<String> truth = labels();
    int right = 0;
    for (int i = 0; i < truth.size(); i++) {
      right += truth.get(i).equals(results.getJsonObject(i).getString("label")) ? 1 : 0;
    }
    return right;
  }

  @Test
  void fineTunesAnEncoderAndServesTheNewVersion() throws Exception {
    JsonArray served;
    RandomCheckpoint.create(home.resolve("models/bert-mini"), "bert-mini", 11);
    try (ServerFixture sb = ServerFixture.start(home)) {
      String version = datasetVersion(sb);
      // 15 epochs: enough for a tiny random encoder to land well above chance every time.
      String id = submit(sb, job(version, "topics", fineTune().put("epochs", 15)));
      JsonObject done = await(sb, id, ClassifierTrainingIT::ended, 180_000);
      assertEquals("succeeded", done.getString("status"), done.encodePrettily());
      assertEquals("cpu", done.getString("device"), done.encodePrettily());
      JsonObject metrics = done.getJsonObject("metrics");
      assertEquals(true, metrics.getBoolean("fineTuned"));
      assertEquals("bert-mini", metrics.getString("encoder"));
      assertEquals("topics@1", metrics.getString("model"));
      assertEquals(45, metrics.getInteger("steps")); // 36 texts in batches of 12, 15 epochs
      assertEquals(12, metrics.getInteger("testExamples"));
      assertTrue(metrics.getDouble("accuracy") >= 0.75, metrics.encodePrettily()); // chance: 1/3
      assertTrue(metrics.getDouble("stepsPerSecond") > 0, metrics.encodePrettily());
      assertTrue(metrics.getJsonArray("curve").size() >= 6, metrics.encodePrettily());
      Path v1 = home.resolve("models/classifiers/topics/v1");
      assertTrue(
          Files.readString(v1.resolve("config.json")).contains("BertForSequenceClassification"));
      assertTrue(Files.isRegularFile(v1.resolve("tokenizer.json")));
      // The runner records the result first and removes the checkpoints right after.
      Path checkpoints = home.resolve("training/" + id);
      for (int i = 0; i < 100 && Files.exists(checkpoints); i++) {
        Thread.sleep(100);
      }
      assertTrue(Files.notExists(checkpoints), "checkpoint folder removed");

      // The automatic eval run of version 1 on the test split agrees with the job's own figures.
      String evalRun = metrics.getString("evalRunId");
      JsonObject run = null;
      for (int i = 0; i < 600; i++) {
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

      // Served through /classify: the dataset's texts mostly right (chance is a third), with a
      // score for every label. Exact labels of single texts are not asserted: a tiny random
      // encoder trained for 45 steps lands a little differently with libtorch's thread timing.
      served = classifyAll(sb, "topics");
      assertTrue(correct(served) >= 42, served.encode());
      assertEquals(3, served.getJsonObject(0).getJsonObject("scores").size());

      JsonObject listed =
          json(sb.get("/api/v1/classifiers")).getJsonArray("items").getJsonObject(0);
      assertEquals(true, listed.getBoolean("fineTuned"), listed.encodePrettily());
      assertEquals("bert-fine-tuned", listed.getString("architecture"));
      assertEquals("bert-mini", listed.getString("baseModel"));
    }
    // The version is served again after a restart, loaded from its folder: the same answers.
    try (ServerFixture sb = ServerFixture.start(home)) {
      JsonArray again = classifyAll(sb, "topics@1");
      for (int i = 0; i < served.size(); i++) {
        assertEquals(
            served.getJsonObject(i).getString("label"),
            again.getJsonObject(i).getString("label"),
            "text " + i);
      }
    }
  }

  @Test
  void resumesFromItsLastCheckpointAfterARestart() throws Exception {
    RandomCheckpoint.create(home.resolve("models/bert-mini"), "bert-mini", 11);
    JsonObject params = fineTune().put("epochs", 20).put("checkpointEvery", 3); // 60 steps
    String id;
    try (ServerFixture sb = ServerFixture.start(home)) {
      id = submit(sb, job(datasetVersion(sb), "topics", params));
      JsonObject running = await(sb, id, j -> j.getDouble("progress") > 0.2, 180_000);
      assertEquals("running", running.getString("status"), running.encodePrettily());
      assertTrue(
          Files.isRegularFile(home.resolve("training/" + id + "/last/optimizer.safetensors")));
      // Stopping the server here leaves the job mid-run.
    }
    try (ServerFixture sb = ServerFixture.start(home)) {
      JsonObject done = await(sb, id, ClassifierTrainingIT::ended, 180_000);
      assertEquals("succeeded", done.getString("status"), done.encodePrettily());
      JsonObject metrics = done.getJsonObject("metrics");
      long resumed = metrics.getLong("resumedFromStep");
      assertTrue(resumed >= 12 && resumed % 3 == 0, metrics.encodePrettily());
      assertEquals(60, metrics.getInteger("steps"));
      assertEquals("topics@1", metrics.getString("model"));
    }
  }

  @Test
  void rejectsParamsThatCannotFineTune() throws Exception {
    RandomCheckpoint.create(home.resolve("models/bert-mini"), "bert-mini", 11);
    try (ServerFixture sb = ServerFixture.start(home)) {
      String version = datasetVersion(sb);
      assertRejected(sb, version, new JsonObject().put("fineTune", true), "encoder");
      assertRejected(
          sb,
          version,
          new JsonObject().put("fineTune", true).put("encoder", "all-minilm-l6-v2"),
          "ONNX");
      assertRejected(
          sb,
          version,
          new JsonObject().put("fineTune", "sometimes"),
          "body.params.fineTune: 'sometimes' is not one of: auto");
      assertRejected(
          sb,
          version,
          new JsonObject().put("fineTune", true).put("encoder", "relative/path"),
          "absolute path");
      assertRejected(
          sb,
          version,
          new JsonObject().put("fineTune", true).put("encoder", home.toString()),
          "config.json");
      assertRejected(sb, version, fineTune().put("architecture", "mlp"), "architecture");
      assertRejected(sb, version, fineTune().put("learningRate", "fast"), "learningRate");
      assertRejected(sb, version, fineTune().put("epochs", 0), "epochs");
      // "auto" on a machine without a GPU trains a head, whose params have no maxLength.
      assertRejected(
          sb, version, new JsonObject().put("encoder", "bert-mini").put("maxLength", 64), "no GPU");
      assertRejected(
          sb,
          version,
          new JsonObject().put("encoder", "bert-mini").put("embeddingModel", "other"),
          "one of them");
      assertEquals(0, json(sb.get("/api/v1/training-jobs")).getJsonArray("items").size());
    }
  }

  static void assertRejected(ServerFixture sb, String version, JsonObject params, String says)
      throws Exception {
    HttpResponse<String> r = sb.post("/api/v1/training-jobs", job(version, "bad", params));
    assertEquals(400, r.statusCode(), params + " -> " + r.body());
    String message = json(r).getJsonObject("error").getString("message");
    assertTrue(message.contains(says), params + " -> " + message);
  }
}
