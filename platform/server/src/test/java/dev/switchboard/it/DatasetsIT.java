package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.errorCode;
import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.datasets.CsvReader;
import dev.switchboard.datasets.DatasetVersions;
import dev.switchboard.datasets.VersionExample;
import dev.switchboard.testing.ServerFixture;
import dev.switchboard.testing.SharedData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The datasets API on a real server: the real Banking77 training file imported, paged, searched,
 * split, frozen and exported; row errors, edits, bulk edits and exports on small crafted sets.
 */
class DatasetsIT {

  @TempDir static Path home;
  static ServerFixture sb;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home, Map.of("SWITCHBOARD_MAX_BODY_BYTES", "2000000"));
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  static String create(String name, String task, JsonArray labels) throws Exception {
    JsonObject body = new JsonObject().put("name", name).put("task", task);
    if (labels != null) {
      body.put("labels", labels);
    }
    HttpResponse<String> r = sb.post("/api/v1/datasets", body);
    assertEquals(201, r.statusCode(), r.body());
    return json(r).getString("id");
  }

  static HttpResponse<String> importBody(String dataset, String contentType, String body)
      throws Exception {
    return sb.send(
        HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/datasets/" + dataset + "/import"))
            .header("content-type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  static HttpResponse<String> patch(String path, JsonObject body) throws Exception {
    return sb.send(
        HttpRequest.newBuilder(URI.create(sb.base() + path))
            .header("content-type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  static JsonArray allExamples(String dataset, String query) throws Exception {
    JsonArray all = new JsonArray();
    String after = null;
    do {
      String path =
          "/api/v1/datasets/"
              + dataset
              + "/examples?limit=500"
              + (query.isEmpty() ? "" : "&" + query)
              + (after == null ? "" : "&after=" + after);
      HttpResponse<String> r = sb.get(path);
      assertEquals(200, r.statusCode(), r.body());
      JsonObject page = json(r);
      all.addAll(page.getJsonArray("items"));
      after = page.getString("next");
    } while (after != null);
    return all;
  }

  @Test
  void banking77ImportsSplitsFreezesAndExports() throws Exception {
    Path csv = SharedData.file("datasets/banking77/train.csv");
    JsonArray categories = new JsonArray(Files.readString(csv.resolveSibling("categories.json")));
    String id = create("banking77", "classification", categories);

    HttpResponse<String> imported = importBody(id, "text/csv", Files.readString(csv));
    assertEquals(200, imported.statusCode(), imported.body());
    assertEquals(10_003, json(imported).getInteger("imported"));
    assertEquals(new JsonArray(), json(imported).getJsonArray("rejected"));

    // Keyset pages walk every example once, in file order; quoted multi-line texts survive.
    JsonArray all = allExamples(id, "");
    assertEquals(10_003, all.size());
    assertEquals("I am still waiting on my card?", all.getJsonObject(0).getString("text"));
    assertEquals("card_arrival", all.getJsonObject(0).getString("label"));
    assertEquals(
        10, all.stream().filter(o -> ((JsonObject) o).getString("text").contains("\n")).count());
    assertEquals(
        10_003, all.stream().map(o -> ((JsonObject) o).getString("id")).distinct().count());

    // Filters: label, and full-text search (every word must match).
    JsonArray arrival = allExamples(id, "label=card_arrival");
    assertTrue(arrival.size() > 50);
    arrival.forEach(o -> assertEquals("card_arrival", ((JsonObject) o).getString("label")));
    JsonArray search = allExamples(id, "q=contactless");
    assertFalse(search.isEmpty());
    search.forEach(
        o -> assertTrue(((JsonObject) o).getString("text").toLowerCase().contains("contactless")));

    // Stratified split with a seed: every label keeps ~80/10/10, and the same seed repeats.
    JsonObject split =
        json(
            sb.post(
                "/api/v1/datasets/" + id + "/split",
                new JsonObject()
                    .put("train", 0.8)
                    .put("validation", 0.1)
                    .put("test", 0.1)
                    .put("seed", 42)));
    assertEquals(
        10_003,
        split.getInteger("train") + split.getInteger("validation") + split.getInteger("test"));
    JsonObject byLabel = split.getJsonObject("byLabel");
    assertEquals(77, byLabel.size());
    for (String label : byLabel.fieldNames()) {
      JsonObject c = byLabel.getJsonObject(label);
      int n = c.getInteger("train") + c.getInteger("validation") + c.getInteger("test");
      assertTrue(Math.abs(c.getInteger("test") - n * 0.1) <= 1, label + " " + c);
      assertTrue(Math.abs(c.getInteger("train") - n * 0.8) <= 1, label + " " + c);
    }
    Map<String, String> first = splits(allExamples(id, ""));
    sb.post("/api/v1/datasets/" + id + "/split", new JsonObject().put("seed", 7));
    Map<String, String> other = splits(allExamples(id, ""));
    assertNotEquals(first, other);
    JsonObject again =
        json(sb.post("/api/v1/datasets/" + id + "/split", new JsonObject().put("seed", 42)));
    assertEquals(split, again);
    assertEquals(first, splits(allExamples(id, "")));
    assertEquals(split.getInteger("test"), allExamples(id, "split=test").size());

    // Freeze: version 1 holds everything not rejected, with its splits.
    HttpResponse<String> v1r = sb.post("/api/v1/datasets/" + id + "/versions", "");
    assertEquals(201, v1r.statusCode(), v1r.body());
    JsonObject v1 = json(v1r);
    assertEquals(1, v1.getInteger("version"));
    assertEquals(10_003, v1.getInteger("exampleCount"));
    assertEquals(split.getInteger("test"), v1.getJsonObject("splitCounts").getInteger("test"));
    assertEquals(77, v1.getJsonArray("labels").size());

    // Rejecting an example and freezing again leaves version 1 as it was.
    String rejected = all.getJsonObject(0).getString("id");
    assertEquals(
        200,
        patch("/api/v1/examples/" + rejected, new JsonObject().put("status", "rejected"))
            .statusCode());
    JsonObject v2 = json(sb.post("/api/v1/datasets/" + id + "/versions", ""));
    assertEquals(2, v2.getInteger("version"));
    assertEquals(10_002, v2.getInteger("exampleCount"));
    assertEquals(
        10_003,
        json(sb.get("/api/v1/dataset-versions/" + v1.getString("id"))).getInteger("exampleCount"));
    assertEquals(
        2, json(sb.get("/api/v1/datasets/" + id + "/versions")).getJsonArray("items").size());

    // Not even SQL can change a frozen version.
    java.util.concurrent.ExecutionException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.ExecutionException.class,
            () ->
                sb.server()
                    .database()
                    .pool()
                    .query("UPDATE dataset_versions SET example_count = 0")
                    .execute()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS));
    assertTrue(refused.getCause().getMessage().contains("immutable"), refused.toString());

    // The Java accessor training jobs use: one split of a version, in order.
    List<VersionExample> test =
        new DatasetVersions(sb.server().database().pool())
            .examples(UUID.fromString(v1.getString("id")), "test")
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    assertEquals(v1.getJsonObject("splitCounts").getInteger("test"), test.size());
    test.forEach(e -> assertEquals("test", e.split()));
    assertTrue(categories.contains(test.get(0).label()));

    // Exports of version 1 parse back: CSV through an RFC 4180 reader, JSONL line by line.
    HttpResponse<String> csvOut = sb.get("/api/v1/datasets/" + id + "/export?format=csv&version=1");
    assertEquals(200, csvOut.statusCode());
    assertTrue(csvOut.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
    List<CsvReader.Record> records = CsvReader.readAll(csvOut.body());
    assertEquals(List.of("text", "label", "split"), records.get(0).fields());
    assertEquals(10_004, records.size());
    records.forEach(r -> assertNotNull(r.fields(), "line " + r.line()));
    assertEquals("I am still waiting on my card?", records.get(1).fields().get(0));
    String[] jsonl =
        sb.get("/api/v1/datasets/" + id + "/export?format=jsonl&version=1&split=test")
            .body()
            .split("\n");
    assertEquals(v1.getJsonObject("splitCounts").getInteger("test"), jsonl.length);
    assertEquals("test", new JsonObject(jsonl[0]).getString("split"));
    String[] chat =
        sb.get("/api/v1/datasets/" + id + "/export?format=openai-chat").body().split("\n");
    assertEquals(10_002, chat.length);
    JsonArray messages = new JsonObject(chat[0]).getJsonArray("messages");
    assertEquals("user", messages.getJsonObject(0).getString("role"));
    assertEquals("assistant", messages.getJsonObject(1).getString("role"));

    // The exported CSV imports back into a new dataset unchanged.
    String copy = create("banking77-copy", "classification", null);
    JsonObject reimported = json(importBody(copy, "text/csv", csvOut.body()));
    assertEquals(10_003, reimported.getInteger("imported"), reimported.encode());
  }

  private static Map<String, String> splits(JsonArray examples) {
    Map<String, String> out = new HashMap<>();
    examples.forEach(
        o -> out.put(((JsonObject) o).getString("id"), ((JsonObject) o).getString("split")));
    return out;
  }

  @Test
  void rowErrorsAreReportedWithLinesAndReasons() throws Exception {
    String id =
        create("crafted-errors", "classification", new JsonArray().add("greeting").add("other"));
    String csv =
        "text,label\n"
            + "hello there,greeting\n"
            + ",other\n"
            + "\"quoted, with comma\",other\n"
            + "no label,\n"
            + "bad label,weather\n"
            + "\"unterminated,other\n";
    JsonObject r = json(importBody(id, "text/csv; charset=utf-8", csv));
    assertEquals(2, r.getInteger("imported"));
    JsonArray rejected = r.getJsonArray("rejected");
    assertEquals(4, rejected.size(), rejected.encode());
    assertEquals(
        new JsonObject().put("line", 3).put("reason", "empty text"), rejected.getJsonObject(0));
    assertEquals(
        new JsonObject().put("line", 5).put("reason", "missing label"), rejected.getJsonObject(1));
    assertEquals(6, rejected.getJsonObject(2).getInteger("line"));
    assertTrue(rejected.getJsonObject(2).getString("reason").contains("label set"));
    assertEquals(7, rejected.getJsonObject(3).getInteger("line"));

    JsonObject j =
        json(
            importBody(
                id,
                "application/x-ndjson",
                "{\"text\":\"hi\",\"label\":\"greeting\"}\n{broken\n{\"text\":\"x\",\"label\":\"nope\"}\n"));
    assertEquals(1, j.getInteger("imported"));
    assertEquals(2, j.getJsonArray("rejected").getJsonObject(0).getInteger("line"));
    assertEquals("malformed JSON", j.getJsonArray("rejected").getJsonObject(0).getString("reason"));

    HttpResponse<String> wrongType = importBody(id, "application/json", "{}");
    assertEquals(400, wrongType.statusCode());
    HttpResponse<String> noHeader = importBody(id, "text/csv", "label\nx\n");
    assertEquals(400, noHeader.statusCode());
    assertTrue(json(noHeader).getJsonObject("error").getString("message").contains("text"));
    HttpResponse<String> tooLarge =
        importBody(id, "text/csv", "text,label\n" + "x,other\n".repeat(300_000));
    assertEquals(413, tooLarge.statusCode());
    assertEquals(404, importBody(UUID.randomUUID().toString(), "text/csv", csv).statusCode());
  }

  @Test
  void examplesAreEditedOneByOneAndInBulk() throws Exception {
    String id =
        create("crafted-edits", "classification", new JsonArray().add("greeting").add("other"));
    importBody(id, "text/csv", "text,label\nhello,greeting\nrain today,other\nhi there,other\n");
    JsonArray all = allExamples(id, "");
    String hiThere = all.getJsonObject(2).getString("id");

    HttpResponse<String> edited =
        patch(
            "/api/v1/examples/" + hiThere,
            new JsonObject()
                .put("label", "greeting")
                .put("status", "approved")
                .put("split", "test")
                .put("text", "hi there!"));
    assertEquals(200, edited.statusCode(), edited.body());
    JsonObject e = json(edited);
    assertEquals("greeting", e.getString("label"));
    assertEquals("approved", e.getString("status"));
    assertEquals("test", e.getString("split"));
    assertEquals("hi there!", e.getJsonObject("input").getString("text"));
    assertEquals(
        400,
        patch("/api/v1/examples/" + hiThere, new JsonObject().put("label", "weather"))
            .statusCode());
    assertEquals(
        400,
        patch("/api/v1/examples/" + hiThere, new JsonObject().put("status", "done")).statusCode());
    assertEquals(
        400, patch("/api/v1/examples/" + hiThere, new JsonObject().put("text", " ")).statusCode());
    assertEquals(
        400, patch("/api/v1/examples/" + hiThere, new JsonObject().put("id", "x")).statusCode());
    assertEquals(
        404,
        patch("/api/v1/examples/" + UUID.randomUUID(), new JsonObject().put("status", "approved"))
            .statusCode());

    assertEquals(1, allExamples(id, "status=approved").size());
    assertEquals(2, allExamples(id, "status=pending").size());
    assertEquals(1, allExamples(id, "split=test").size());
    assertEquals(2, allExamples(id, "split=none").size());
    assertEquals(400, sb.get("/api/v1/datasets/" + id + "/examples?status=odd").statusCode());

    JsonObject bulk =
        json(
            sb.post(
                "/api/v1/datasets/" + id + "/examples/bulk",
                new JsonObject()
                    .put("filter", new JsonObject().put("status", "pending"))
                    .put("set", new JsonObject().put("status", "approved").put("split", "train"))));
    assertEquals(2, bulk.getInteger("updated"));
    assertEquals(3, allExamples(id, "status=approved").size());
    assertEquals(2, allExamples(id, "split=train").size());
    assertEquals(
        400,
        sb.post(
                "/api/v1/datasets/" + id + "/examples/bulk",
                new JsonObject().put("set", new JsonObject().put("label", "weather")))
            .statusCode());
    assertEquals(
        "invalid_input",
        errorCode(
            sb.post(
                "/api/v1/datasets/" + id + "/examples/bulk",
                new JsonObject().put("set", new JsonObject().put("text", "x")))));

    // One example added by hand goes through the same quality rules.
    HttpResponse<String> added =
        sb.post(
            "/api/v1/datasets/" + id + "/examples",
            new JsonObject()
                .put("text", "good evening")
                .put("label", "greeting")
                .put("status", "approved"));
    assertEquals(201, added.statusCode(), added.body());
    assertEquals("approved", json(added).getString("status"));
    HttpResponse<String> refused =
        sb.post(
            "/api/v1/datasets/" + id + "/examples",
            new JsonObject().put("text", "x").put("label", "weather"));
    assertEquals(400, refused.statusCode());
    assertTrue(json(refused).getJsonObject("error").getString("message").contains("label set"));
    assertEquals(
        200,
        patch(
                "/api/v1/examples/" + json(added).getString("id"),
                new JsonObject().put("status", "rejected"))
            .statusCode());

    // Paging with a small limit: the cursor continues where the page ended.
    JsonObject page = json(sb.get("/api/v1/datasets/" + id + "/examples?status=approved&limit=2"));
    assertEquals(2, page.getJsonArray("items").size());
    JsonObject rest =
        json(
            sb.get(
                "/api/v1/datasets/"
                    + id
                    + "/examples?status=approved&limit=2&after="
                    + page.getString("next")));
    assertEquals(1, rest.getJsonArray("items").size());
    assertNull(rest.getString("next"));
    assertEquals(400, sb.get("/api/v1/datasets/" + id + "/examples?after=junk").statusCode());
  }

  @Test
  void chatExportsIncludePreferencePairsFromEditedAnswers() throws Exception {
    String id = create("crafted-chat", "chat", null);
    String jsonl =
        "{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"q1\"},"
            + "{\"role\":\"assistant\",\"content\":\"a1\"},{\"role\":\"user\",\"content\":\"q2\"},"
            + "{\"role\":\"assistant\",\"content\":\"a2\"}]}\n"
            + "{\"text\":\"what is 2+2?\",\"output\":\"5\"}\n";
    assertEquals(2, json(importBody(id, "application/jsonl", jsonl)).getInteger("imported"));
    JsonArray all = allExamples(id, "");
    String wrong = all.getJsonObject(1).getString("id");
    JsonObject fixed =
        json(patch("/api/v1/examples/" + wrong, new JsonObject().put("output", "4")));
    assertEquals("4", fixed.getJsonObject("output").getString("content"));
    assertEquals(
        "5", fixed.getJsonObject("source").getJsonObject("originalOutput").getString("content"));

    String[] chat =
        sb.get("/api/v1/datasets/" + id + "/export?format=openai-chat").body().split("\n");
    assertEquals(2, chat.length);
    JsonArray m = new JsonObject(chat[0]).getJsonArray("messages");
    assertEquals(5, m.size());
    assertEquals("a2", m.getJsonObject(4).getString("content"));

    String[] dpo =
        sb.get("/api/v1/datasets/" + id + "/export?format=openai-dpo").body().split("\n");
    assertEquals(1, dpo.length);
    JsonObject pair = new JsonObject(dpo[0]);
    assertEquals(
        "what is 2+2?",
        pair.getJsonObject("input").getJsonArray("messages").getJsonObject(0).getString("content"));
    assertEquals("4", pair.getJsonArray("preferred_output").getJsonObject(0).getString("content"));
    assertEquals(
        "5", pair.getJsonArray("non_preferred_output").getJsonObject(0).getString("content"));

    JsonObject share =
        new JsonObject(
            sb.get("/api/v1/datasets/" + id + "/export?format=sharegpt").body().split("\n")[0]);
    assertEquals("system", share.getJsonArray("conversations").getJsonObject(0).getString("from"));
    assertEquals("gpt", share.getJsonArray("conversations").getJsonObject(4).getString("from"));
    JsonObject alpaca =
        new JsonObject(
            sb.get("/api/v1/datasets/" + id + "/export?format=alpaca").body().split("\n")[0]);
    assertEquals("q2", alpaca.getString("instruction"));
    assertEquals("a2", alpaca.getString("output"));
    assertEquals(
        new JsonArray().add(new JsonArray().add("q1").add("a1")), alpaca.getJsonArray("history"));

    assertEquals(400, sb.get("/api/v1/datasets/" + id + "/export?format=xml").statusCode());
    assertEquals(
        404, sb.get("/api/v1/datasets/" + id + "/export?format=csv&version=9").statusCode());
  }

  @Test
  void datasetsAreCreatedValidatedAndListed() throws Exception {
    assertEquals(
        400,
        sb.post("/api/v1/datasets", new JsonObject().put("name", "x").put("task", "poetry"))
            .statusCode());
    assertEquals(
        400, sb.post("/api/v1/datasets", new JsonObject().put("task", "chat")).statusCode());
    create("listed-a", "retrieval", null);
    assertEquals(
        409,
        sb.post("/api/v1/datasets", new JsonObject().put("name", "listed-a").put("task", "chat"))
            .statusCode());
    JsonObject page = json(sb.get("/api/v1/datasets?limit=1"));
    assertEquals(1, page.getJsonArray("items").size());
    assertNotNull(page.getString("next"));
    assertEquals(404, sb.get("/api/v1/datasets/" + UUID.randomUUID()).statusCode());
    assertEquals(404, sb.get("/api/v1/datasets/not-a-uuid").statusCode());
  }
}
