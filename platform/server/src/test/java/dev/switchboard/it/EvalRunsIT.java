package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eval runs through the production router against the built-in {@code hello} classifier on a small
 * dataset with hand-computed metrics; results, comparison, a chat run, and the eval log queries.
 */
class EvalRunsIT {

  @TempDir static Path home;
  @TempDir static Path jars;
  static ServerFixture sb;

  // hello labels texts that open with or mention a greeting word "greeting". Two "other" texts
  // mention one, so: greeting P 4/6 R 1 F1 0.8; other P 1 R 1/2 F1 2/3; accuracy 6/8.
  static final String CSV =
      "text,label,split\n"
          + "hello there,greeting,test\n"
          + "hi!,greeting,test\n"
          + "good morning team,greeting,test\n"
          + "well hello,greeting,test\n"
          + "what's the weather,other,test\n"
          + "history of rome,other,test\n"
          + "\"hey, where is my card\",other,test\n"
          + "say hi to mom,other,test\n"
          + "training only,other,train\n";

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home);
    assertEquals(
        201,
        sb.upload("/api/v1/plugins", TestPlugins.scripted(jars.resolve("s"), "scripted"), "s.jar")
            .statusCode());
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  static String dataset(String name, String task, String contentType, String body)
      throws Exception {
    HttpResponse<String> created =
        sb.post("/api/v1/datasets", new JsonObject().put("name", name).put("task", task));
    assertEquals(201, created.statusCode(), created.body());
    String id = json(created).getString("id");
    HttpResponse<String> imported =
        sb.send(
            HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/datasets/" + id + "/import"))
                .header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertEquals(0, json(imported).getJsonArray("rejected").size(), imported.body());
    return id;
  }

  static String freeze(String dataset) throws Exception {
    HttpResponse<String> r = sb.post("/api/v1/datasets/" + dataset + "/versions", "");
    assertEquals(201, r.statusCode(), r.body());
    return json(r).getString("id");
  }

  static JsonObject runToEnd(JsonObject request) throws Exception {
    HttpResponse<String> r = sb.post("/api/v1/eval-runs", request);
    assertEquals(201, r.statusCode(), r.body());
    assertEquals("queued", json(r).getString("status"));
    String id = json(r).getString("id");
    long until = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < until) {
      JsonObject run = json(sb.get("/api/v1/eval-runs/" + id));
      String status = run.getString("status");
      if (status.equals("succeeded") || status.equals("failed")) {
        return run;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("eval run " + id + " did not finish");
  }

  @Test
  void classificationRunAgainstHelloHasTheHandComputedMetricsAndComparesWithALaterVersion()
      throws Exception {
    String ds = dataset("greetings", "classification", "text/csv", CSV);
    String v1 = freeze(ds);
    JsonObject request =
        new JsonObject()
            .put("datasetVersionId", v1)
            .put("split", "test")
            .put("target", new JsonObject().put("plugin", "hello"));
    JsonObject run = runToEnd(request);
    assertEquals("succeeded", run.getString("status"), run.encode());
    assertEquals(1.0, run.getDouble("progress"));
    assertEquals(8, run.getInteger("total"));
    JsonObject m = run.getJsonObject("metrics");
    assertEquals(0.75, m.getDouble("accuracy"), 1e-12);
    assertEquals((0.8 + 2.0 / 3) / 2, m.getDouble("macroF1"), 1e-12);
    assertEquals(
        4.0 / 6,
        m.getJsonObject("perClass").getJsonObject("greeting").getDouble("precision"),
        1e-12);
    assertEquals(
        0.5, m.getJsonObject("perClass").getJsonObject("other").getDouble("recall"), 1e-12);
    assertEquals(
        new JsonArray().add(new JsonArray().add(4).add(0)).add(new JsonArray().add(2).add(2)),
        m.getJsonObject("confusion").getJsonArray("matrix"));
    assertEquals(0, m.getInteger("errors"));

    // Results: keyset pages in dataset order; the wrong ones on their own.
    String runId = run.getString("id");
    JsonObject page = json(sb.get("/api/v1/eval-runs/" + runId + "/results?limit=5"));
    assertEquals(5, page.getJsonArray("items").size());
    assertEquals(
        "greeting",
        page.getJsonArray("items").getJsonObject(0).getJsonObject("actual").getString("label"));
    JsonObject rest =
        json(
            sb.get(
                "/api/v1/eval-runs/" + runId + "/results?limit=5&after=" + page.getString("next")));
    assertEquals(3, rest.getJsonArray("items").size());
    assertNull(rest.getString("next"));
    JsonArray wrong =
        json(sb.get("/api/v1/eval-runs/" + runId + "/results?correct=false")).getJsonArray("items");
    assertEquals(2, wrong.size());
    assertEquals("other", wrong.getJsonObject(0).getJsonObject("expected").getString("label"));

    // Relabel "say hi to mom" as a greeting, freeze v2, evaluate: one win, accuracy +1/8.
    JsonObject example =
        json(sb.get("/api/v1/datasets/" + ds + "/examples?q=mom"))
            .getJsonArray("items")
            .getJsonObject(0);
    sb.send(
        HttpRequest.newBuilder(
                URI.create(sb.base() + "/api/v1/examples/" + example.getString("id")))
            .header("content-type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"label\":\"greeting\"}")));
    String v2 = freeze(ds);
    JsonObject second = runToEnd(request.copy().put("datasetVersionId", v2));
    assertEquals(0.875, second.getJsonObject("metrics").getDouble("accuracy"), 1e-12);
    JsonObject compare =
        json(sb.get("/api/v1/eval-runs/" + second.getString("id") + "/compare/" + runId));
    assertEquals(1, compare.getInteger("wins"));
    assertEquals(0, compare.getInteger("losses"));
    assertEquals(7, compare.getInteger("ties"));
    assertEquals(
        0.125,
        compare.getJsonObject("metrics").getJsonObject("accuracy").getDouble("delta"),
        1e-12);
    assertEquals(
        example.getString("id"),
        compare.getJsonArray("changed").getJsonObject(0).getString("exampleId"));

    // The run's requests went through the router like production traffic, under its own user.
    JsonArray logged = new JsonArray();
    long until = System.currentTimeMillis() + 10_000;
    while (logged.isEmpty() && System.currentTimeMillis() < until) {
      Thread.sleep(100);
      logged = json(sb.get("/api/v1/eval-log?user=eval-run:" + runId)).getJsonArray("items");
    }
    assertEquals("hello", logged.getJsonObject(0).getString("plugin"));
    assertEquals(8, logged.getJsonObject(0).getJsonObject("input").getJsonArray("inputs").size());

    JsonObject list = json(sb.get("/api/v1/eval-runs?limit=1"));
    assertEquals(1, list.getJsonArray("items").size());
    assertNotNull(list.getString("next"));
  }

  @Test
  void badRequestsAndUnservedTargets() throws Exception {
    String ds = dataset("bad-runs", "classification", "text/csv", CSV);
    String v = freeze(ds);
    assertEquals(
        404,
        sb.post(
                "/api/v1/eval-runs",
                new JsonObject().put("datasetVersionId", UUID.randomUUID().toString()))
            .statusCode());
    assertEquals(
        400,
        sb.post(
                "/api/v1/eval-runs",
                new JsonObject().put("datasetVersionId", v).put("split", "validation"))
            .statusCode());
    assertEquals(
        400,
        sb.post(
                "/api/v1/eval-runs",
                new JsonObject().put("datasetVersionId", v).put("split", "dev"))
            .statusCode());
    assertEquals(404, sb.get("/api/v1/eval-runs/" + UUID.randomUUID()).statusCode());

    JsonObject failed =
        runToEnd(
            new JsonObject()
                .put("datasetVersionId", v)
                .put("target", new JsonObject().put("plugin", "no-such-plugin")));
    assertEquals("failed", failed.getString("status"));
    assertTrue(failed.getString("error").contains("no-such-plugin"), failed.getString("error"));
    assertEquals(
        409,
        sb.get("/api/v1/eval-runs/" + failed.getString("id") + "/compare/" + failed.getString("id"))
            .statusCode());
  }

  @Test
  void chatRunScoresAnswersAgainstReferences() throws Exception {
    String ds =
        dataset(
            "chat-refs",
            "chat",
            "application/jsonl",
            "{\"text\":\"say hello\",\"output\":\"Hello from Switchboard\",\"split\":\"test\"}\n"
                + "{\"text\":\"say goodbye\",\"output\":\"Goodbye\",\"split\":\"test\"}\n");
    JsonObject run =
        runToEnd(
            new JsonObject()
                .put("datasetVersionId", freeze(ds))
                .put("target", new JsonObject().put("plugin", "scripted")));
    assertEquals("succeeded", run.getString("status"), run.encode());
    JsonObject m = run.getJsonObject("metrics");
    assertEquals(0.5, m.getDouble("exactMatch"), 1e-12);
    assertEquals(0.5, m.getDouble("f1"), 1e-12);
    assertEquals(0.5, m.getDouble("rougeL"), 1e-12);
    // No hypothesis 4-grams at all (both answers are three tokens): BLEU 0, as sacreBLEU says.
    assertEquals(0.0, m.getDouble("bleu"), 1e-9);

    // The chat answers' token usage reached the eval log and its stats.
    JsonArray stats = new JsonArray();
    long until = System.currentTimeMillis() + 10_000;
    while (stats.isEmpty() && System.currentTimeMillis() < until) {
      Thread.sleep(100);
      stats =
          json(sb.get("/api/v1/eval-log/stats?plugin=scripted&task=chat")).getJsonArray("items");
    }
    assertEquals(2, stats.getJsonObject(0).getLong("requests"));
    assertEquals(6, stats.getJsonObject(0).getLong("completionTokens"));
    assertEquals(10, stats.getJsonObject(0).getLong("promptTokens"));
  }

  @Test
  void retrievalRunRanksThroughTheBuiltInRetriever() throws Exception {
    JsonArray docs = new JsonArray();
    docs.add(
        new JsonObject()
            .put("id", "cats")
            .put(
                "text",
                "Cats purr when they are content and knead soft blankets with their paws."));
    docs.add(
        new JsonObject()
            .put("id", "rust")
            .put("text", "The Rust compiler checks ownership and borrowing rules."));
    docs.add(
        new JsonObject()
            .put("id", "bread")
            .put("text", "Sourdough bread rises slowly because wild yeast ferments."));
    docs.add(
        new JsonObject()
            .put("id", "tides")
            .put("text", "Ocean tides follow the pull of the moon twice a day."));
    HttpResponse<String> ingested =
        sb.post("/api/v1/collections/eval-kb/documents", new JsonObject().put("documents", docs));
    assertEquals(200, ingested.statusCode(), ingested.body());
    String ds =
        dataset(
            "retrieval-refs",
            "retrieval",
            "application/jsonl",
            "{\"query\":\"why do cats purr and knead blankets\",\"relevant\":[\"cats\"],\"split\":\"test\"}\n"
                + "{\"query\":\"sourdough wild yeast bread\",\"relevant\":[\"bread\"],\"split\":\"test\"}\n");
    String version = freeze(ds);
    assertEquals(
        400,
        sb.post("/api/v1/eval-runs", new JsonObject().put("datasetVersionId", version))
            .statusCode());
    JsonObject run =
        runToEnd(
            new JsonObject()
                .put("datasetVersionId", version)
                .put(
                    "target",
                    new JsonObject().put("plugin", "retriever").put("collection", "eval-kb")));
    assertEquals("succeeded", run.getString("status"), run.encode());
    JsonObject m = run.getJsonObject("metrics");
    assertEquals(2, m.getInteger("count"));
    // Both queries name their document's own words: it is found in the top 10 and ranks first.
    assertEquals(1.0, m.getDouble("recall@10"), 1e-12);
    assertEquals(1.0, m.getDouble("mrr"), 1e-12);
    assertEquals(1.0, m.getDouble("ndcg@10"), 1e-12);
  }

  @Test
  void theEvalLogPagesFiltersAndReportsLatencyPercentiles() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    for (String text : new String[] {"hello", "weather", "hi again"}) {
      assertEquals(200, sb.classify("hello", text).statusCode());
    }
    JsonArray items = new JsonArray();
    long until = System.currentTimeMillis() + 10_000;
    while (items.size() < 3 && System.currentTimeMillis() < until) {
      Thread.sleep(100);
      items =
          json(sb.get("/api/v1/eval-log?plugin=hello&task=classify&from=" + before + "&limit=100"))
              .getJsonArray("items");
    }
    assertTrue(items.size() >= 3, items.encode());
    JsonObject entry = items.getJsonObject(0);
    assertEquals("hello", entry.getString("plugin"));
    assertEquals(200, entry.getInteger("status"));
    assertNotNull(entry.getInteger("latencyMs"));

    JsonObject first = json(sb.get("/api/v1/eval-log?plugin=hello&limit=1"));
    JsonObject second =
        json(sb.get("/api/v1/eval-log?plugin=hello&limit=1&after=" + first.getString("next")));
    assertTrue(
        !first
            .getJsonArray("items")
            .getJsonObject(0)
            .getString("id")
            .equals(second.getJsonArray("items").getJsonObject(0).getString("id")));
    assertEquals(0, json(sb.get("/api/v1/eval-log?plugin=nobody")).getJsonArray("items").size());
    // Earlier tests' traffic may precede 'before'; nothing after it may show up.
    for (Object o :
        json(sb.get("/api/v1/eval-log?plugin=hello&limit=500&to=" + before))
            .getJsonArray("items")) {
      assertTrue(Instant.parse(((JsonObject) o).getString("createdAt")).isBefore(before));
    }
    assertEquals(
        0, json(sb.get("/api/v1/eval-log?to=2000-01-01T00:00:00Z")).getJsonArray("items").size());
    assertEquals(400, sb.get("/api/v1/eval-log?from=yesterday").statusCode());

    JsonArray stats = json(sb.get("/api/v1/eval-log/stats?plugin=hello")).getJsonArray("items");
    assertEquals(1, stats.size());
    JsonObject s = stats.getJsonObject(0);
    assertTrue(s.getLong("requests") >= 3);
    JsonObject latency = s.getJsonObject("latencyMs");
    assertTrue(latency.getDouble("p50") <= latency.getDouble("p99"));
    assertNotNull(latency.getDouble("mean"));
  }
}
