package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.ServerFixture;
import dev.switchboard.testing.TestPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eval runs survive a restart: a server is stopped in the middle of a run with another queued
 * behind it; stopping does not wait for the runs; a new server on the same home finishes both, the
 * interrupted one from where it was (no example sent or stored twice) and with the metrics of the
 * uninterrupted one.
 */
class EvalRunResumeIT {

  /** 32 classification requests of 32 texts. */
  static final int EXAMPLES = 1024;

  /** Per request: a run takes about 13 s, far longer than a stop may. */
  static final long DELAY_MS = 400;

  @TempDir Path home;
  @TempDir Path jars;

  /** {@code "n <k>"}, labelled by parity except every 8th (all even), labelled odd. */
  static String csv(int examples) {
    StringBuilder csv = new StringBuilder("text,label,split\n");
    for (int k = 0; k < examples; k++) {
      String label = (k % 2 == 0) != (k % 8 == 0) ? "even" : "odd";
      csv.append("n ").append(k).append(',').append(label).append(",test\n");
    }
    return csv.toString();
  }

  static String startRun(ServerFixture sb, String version) throws Exception {
    HttpResponse<String> r =
        sb.post(
            "/api/v1/eval-runs",
            new JsonObject()
                .put("datasetVersionId", version)
                .put("target", new JsonObject().put("plugin", "parity")));
    assertEquals(201, r.statusCode(), r.body());
    return json(r).getString("id");
  }

  static JsonObject waitFor(ServerFixture sb, String run, long ms) throws Exception {
    long until = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < until) {
      JsonObject state = json(sb.get("/api/v1/eval-runs/" + run));
      String status = state.getString("status");
      if (status.equals("succeeded") || status.equals("failed")) {
        return state;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("eval run " + run + " did not finish in " + ms + " ms");
  }

  /** Installs the parity classifier and freezes a version of {@code examples} parity texts. */
  String parityVersion(ServerFixture sb, int examples, long delayMs) throws Exception {
    assertEquals(
        201,
        sb.upload("/api/v1/plugins", TestPlugins.parity(jars, "parity", delayMs), "p.jar")
            .statusCode());
    HttpResponse<String> created =
        sb.post(
            "/api/v1/datasets",
            new JsonObject().put("name", "parity").put("task", "classification"));
    assertEquals(201, created.statusCode(), created.body());
    String dataset = json(created).getString("id");
    HttpResponse<String> imported =
        sb.send(
            HttpRequest.newBuilder(
                    URI.create(sb.base() + "/api/v1/datasets/" + dataset + "/import"))
                .header("content-type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv(examples))));
    assertEquals(examples, json(imported).getInteger("imported"), imported.body());
    HttpResponse<String> frozen = sb.post("/api/v1/datasets/" + dataset + "/versions", "");
    assertEquals(201, frozen.statusCode(), frozen.body());
    return json(frozen).getString("id");
  }

  /** Waits until a run has stored at least {@code results}; returns how many it has. */
  static int waitForResults(ServerFixture sb, String run, int results) throws Exception {
    JsonObject state = json(sb.get("/api/v1/eval-runs/" + run));
    long until = System.currentTimeMillis() + 60_000;
    while (state.getInteger("completed") < results && System.currentTimeMillis() < until) {
      Thread.sleep(50);
      state = json(sb.get("/api/v1/eval-runs/" + run));
    }
    assertEquals("running", state.getString("status"), state.encode());
    assertTrue(state.getInteger("completed") >= results, state.encode());
    return state.getInteger("completed");
  }

  /** Every example of a finished run has exactly one result, at its own position. */
  static void assertOneResultPerExample(ServerFixture sb, String run, int examples)
      throws Exception {
    Set<Integer> seqs = new HashSet<>();
    Set<String> ids = new HashSet<>();
    String after = null;
    int rows = 0;
    int wrong = 0;
    do {
      JsonObject page =
          json(
              sb.get(
                  "/api/v1/eval-runs/"
                      + run
                      + "/results?limit=500"
                      + (after == null ? "" : "&after=" + after)));
      for (Object o : page.getJsonArray("items")) {
        JsonObject result = (JsonObject) o;
        rows++;
        seqs.add(result.getInteger("seq"));
        ids.add(result.getString("exampleId"));
        if (!result.getBoolean("correct")) {
          wrong++;
          assertEquals("odd", result.getJsonObject("expected").getString("label"));
          assertEquals("even", result.getJsonObject("actual").getString("label"));
        }
      }
      after = page.getString("next");
    } while (after != null);
    assertEquals(examples, rows);
    assertEquals(examples, seqs.size());
    assertEquals(examples - 1, seqs.stream().mapToInt(Integer::intValue).max().orElseThrow());
    assertEquals(examples, ids.size());
    assertEquals(examples / 8, wrong);
  }

  @Test
  void runsQueuedOrRunningAtShutdownResumeAfterARestartAndScoreEveryExampleOnce() throws Exception {
    String interrupted;
    String queued;
    int completedAtStop;
    long stopMs;
    ServerFixture first = ServerFixture.start(home);
    try {
      String version = parityVersion(first, EXAMPLES, DELAY_MS);
      interrupted = startRun(first, version);
      queued = startRun(first, version);
      completedAtStop = waitForResults(first, interrupted, 64);
      assertEquals("queued", json(first.get("/api/v1/eval-runs/" + queued)).getString("status"));
    } finally {
      long t0 = System.nanoTime();
      first.close();
      stopMs = (System.nanoTime() - t0) / 1_000_000;
    }
    // What was left of both runs takes over 20 s; the stop waits for one batch at most.
    assertTrue(stopMs < 10_000, "stopping took " + stopMs + " ms");

    try (ServerFixture sb = ServerFixture.start(home)) {
      JsonObject resumed = json(sb.get("/api/v1/eval-runs/" + interrupted));
      assertTrue(
          resumed.getInteger("completed") >= completedAtStop
              && resumed.getInteger("completed") < EXAMPLES,
          "the stored results were kept: " + resumed.encode());

      JsonObject run = waitFor(sb, interrupted, 120_000);
      JsonObject fresh = waitFor(sb, queued, 120_000);
      assertEquals("succeeded", run.getString("status"), run.encode());
      assertEquals("succeeded", fresh.getString("status"), fresh.encode());
      assertEquals(EXAMPLES, run.getInteger("total"));
      assertEquals(EXAMPLES, run.getInteger("completed"));
      assertEquals(1.0, run.getDouble("progress"));

      assertOneResultPerExample(sb, interrupted, EXAMPLES);

      // Hand-computed: the 128 texts divisible by 8 are labelled odd and predicted even.
      JsonObject m = run.getJsonObject("metrics");
      assertEquals(0.875, m.getDouble("accuracy"), 1e-12);
      assertEquals(
          new JsonArray()
              .add(new JsonArray().add(384).add(0))
              .add(new JsonArray().add(128).add(512)),
          m.getJsonObject("confusion").getJsonArray("matrix"));
      assertEquals(0, m.getInteger("errors"));
      // ... and exactly what the run that was never interrupted measured.
      assertEquals(fresh.getJsonObject("metrics"), m);
      assertNull(run.getString("error"));

      // No example was sent twice: the eval log (flushed at the stop) holds every text once.
      int sent = 0;
      JsonArray logged =
          json(sb.get("/api/v1/eval-log?limit=500&user=eval-run:" + interrupted))
              .getJsonArray("items");
      for (Object o : logged) {
        sent += ((JsonObject) o).getJsonObject("input").getJsonArray("inputs").size();
      }
      assertEquals(EXAMPLES, sent, logged.size() + " requests logged");
    }
  }

  @Test
  void aBatchStillOutWhenTheStopBoundPassesIsDroppedAndSentAgainAfterTheRestart() throws Exception {
    int examples = 96;
    Map<String, String> env = Map.of("SWITCHBOARD_DRAIN_TIMEOUT_MS", "300");
    String run;
    long stopMs;
    ServerFixture first = ServerFixture.start(home, env);
    try {
      String version = parityVersion(first, examples, 8_000);
      run = startRun(first, version);
      waitForResults(first, run, 32);
    } finally {
      long t0 = System.nanoTime();
      first.close();
      stopMs = (System.nanoTime() - t0) / 1_000_000;
    }
    // The second batch was out for up to 8 s; the stop gave it 300 ms.
    assertTrue(stopMs < 6_000, "stopping took " + stopMs + " ms");

    try (ServerFixture sb = ServerFixture.start(home, env)) {
      JsonObject done = waitFor(sb, run, 120_000);
      assertEquals("succeeded", done.getString("status"), done.encode());
      assertEquals(examples, done.getInteger("completed"));
      assertOneResultPerExample(sb, run, examples);
      JsonObject m = done.getJsonObject("metrics");
      assertEquals(0.875, m.getDouble("accuracy"), 1e-12);
      assertEquals(
          new JsonArray().add(new JsonArray().add(36).add(0)).add(new JsonArray().add(12).add(48)),
          m.getJsonObject("confusion").getJsonArray("matrix"));
      assertEquals(0, m.getInteger("errors"));
    }
  }
}
