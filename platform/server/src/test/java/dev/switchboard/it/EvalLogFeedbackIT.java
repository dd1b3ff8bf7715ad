package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.ServerFixture;
import dev.switchboard.testing.TestPlugins;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production eval log shows the feedback given to the answers it logged and filters by it: real
 * chat turns through a test plugin (native and OpenAI-compatible APIs), feedback on the stored
 * answers, the batched eval-log flush, then {@code GET /api/v1/eval-log} and its stats.
 */
class EvalLogFeedbackIT {

  @TempDir static Path home;
  @TempDir static Path jars;
  static ServerFixture sb;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home);
    assertEquals(
        201,
        sb.upload("/api/v1/plugins", TestPlugins.scripted(jars, "scripted"), "s.jar").statusCode());
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  /** A native chat turn with a chosen request id; returns the stored answer's message id. */
  static String chat(String requestId, String text) throws Exception {
    JsonObject body =
        new JsonObject()
            .put("plugin", "scripted")
            .put("model", "m")
            .put(
                "input",
                new JsonObject()
                    .put(
                        "messages",
                        new JsonArray()
                            .add(new JsonObject().put("role", "user").put("content", text))));
    HttpResponse<String> r =
        sb.send(
            HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/tasks/chat"))
                .header("content-type", "application/json")
                .header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertEquals(200, r.statusCode(), r.body());
    return json(r).getString("messageId");
  }

  static void rate(String messageId, int rating, String reason) throws Exception {
    JsonObject body = new JsonObject().put("rating", rating);
    if (reason != null) {
      body.put("reason", reason);
    }
    HttpResponse<String> r = sb.post("/api/v1/messages/" + messageId + "/feedback", body);
    assertEquals(201, r.statusCode(), r.body());
  }

  static JsonArray log(String query) throws Exception {
    HttpResponse<String> r = sb.get("/api/v1/eval-log?plugin=scripted&limit=100" + query);
    assertEquals(200, r.statusCode(), r.body());
    return json(r).getJsonArray("items");
  }

  static Set<String> requestIds(JsonArray items) {
    Set<String> out = new HashSet<>();
    for (Object o : items) {
      out.add(((JsonObject) o).getString("requestId"));
    }
    return out;
  }

  static JsonObject entry(JsonArray items, String requestId) {
    for (Object o : items) {
      if (((JsonObject) o).getString("requestId").equals(requestId)) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no entry for request " + requestId + " in " + items.encode());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void entriesShowTheirAnswersFeedbackAndTheLogFiltersByIt() throws Exception {
    String liked = UUID.randomUUID().toString();
    String disliked = UUID.randomUUID().toString();
    String unrated = UUID.randomUUID().toString();
    String early = UUID.randomUUID().toString();

    // Hold the eval log's batched writes back (SHARE mode blocks inserts, not reads), so the
    // feedback below is certainly given before its entry is written.
    SqlConnection lock = await(sb.server().database().pool().getConnection());
    Transaction tx = await(lock.begin());
    String earlyMessage;
    try {
      await(lock.query("LOCK TABLE eval_log IN SHARE MODE").execute());
      earlyMessage = chat(early, "rated before the log has it");
      rate(earlyMessage, 1, "early");
      Thread.sleep(400); // two flush intervals: the writer is blocked, not idle
      assertEquals(0, log("").size(), "the eval log was written despite the lock");
    } finally {
      await(tx.commit());
      await(lock.close());
    }

    String likedMessage = chat(liked, "say hello");
    String dislikedMessage = chat(disliked, "say something");
    String unratedMessage = chat(unrated, "never rated");
    rate(likedMessage, 1, "<b>spot on</b> & \"quoted\"");
    rate(dislikedMessage, -1, "too short");
    rate(dislikedMessage, 1, null); // a second opinion on the same answer

    // The OpenAI-compatible API stores its answers the same way: its request id links them too.
    HttpResponse<String> completion =
        sb.post(
            "/v1/chat/completions",
            new JsonObject()
                .put("model", "m")
                .put("plugin", "scripted")
                .put(
                    "messages",
                    new JsonArray()
                        .add(new JsonObject().put("role", "user").put("content", "hi"))));
    assertEquals(200, completion.statusCode(), completion.body());
    String openAiRequest = completion.headers().firstValue("X-Request-Id").orElseThrow();
    rate(json(completion).getString("message_id"), -1, "wrong");

    // A classification stores no answer: no message, no feedback.
    assertEquals(200, sb.classify("hello", "hello there").statusCode());

    JsonArray all = new JsonArray();
    long until = System.currentTimeMillis() + 15_000;
    while (all.size() < 5 && System.currentTimeMillis() < until) {
      Thread.sleep(100);
      all = log("&task=chat");
    }
    assertEquals(5, all.size(), all.encode());

    JsonObject earlyEntry = entry(all, early);
    assertEquals(earlyMessage, earlyEntry.getString("messageId"));
    assertNotNull(earlyEntry.getString("conversationId"));
    assertEquals(1, earlyEntry.getJsonArray("feedback").size());
    assertEquals("early", earlyEntry.getJsonArray("feedback").getJsonObject(0).getString("reason"));

    JsonObject likedEntry = entry(all, liked);
    assertEquals(likedMessage, likedEntry.getString("messageId"));
    assertEquals(200, likedEntry.getInteger("status"));
    assertNotNull(likedEntry.getInteger("latencyMs"));
    assertEquals(3, likedEntry.getInteger("completionTokens"));
    JsonObject likedFeedback = likedEntry.getJsonArray("feedback").getJsonObject(0);
    assertEquals(1, likedFeedback.getInteger("rating"));
    assertEquals("<b>spot on</b> & \"quoted\"", likedFeedback.getString("reason"));
    assertNotNull(likedFeedback.getString("createdAt"));

    JsonArray twoOpinions = entry(all, disliked).getJsonArray("feedback");
    assertEquals(2, twoOpinions.size());
    assertEquals(-1, twoOpinions.getJsonObject(0).getInteger("rating"));
    assertEquals("too short", twoOpinions.getJsonObject(0).getString("reason"));
    assertEquals(1, twoOpinions.getJsonObject(1).getInteger("rating"));
    assertNull(twoOpinions.getJsonObject(1).getString("reason"));

    JsonObject unratedEntry = entry(all, unrated);
    assertEquals(unratedMessage, unratedEntry.getString("messageId"));
    assertEquals(0, unratedEntry.getJsonArray("feedback").size());
    assertEquals(
        -1,
        entry(all, openAiRequest).getJsonArray("feedback").getJsonObject(0).getInteger("rating"));

    JsonArray classified = new JsonArray();
    until = System.currentTimeMillis() + 15_000;
    while (classified.isEmpty() && System.currentTimeMillis() < until) {
      Thread.sleep(100);
      classified = json(sb.get("/api/v1/eval-log?plugin=hello")).getJsonArray("items");
    }
    assertEquals(1, classified.size());
    assertNull(classified.getJsonObject(0).getString("messageId"));
    assertEquals(0, classified.getJsonObject(0).getJsonArray("feedback").size());

    // Filters: positive and negative are "at least one such rating"; none includes requests that
    // stored no answer.
    assertEquals(Set.of(early, liked, disliked), requestIds(log("&feedback=positive")));
    assertEquals(Set.of(disliked, openAiRequest), requestIds(log("&feedback=negative")));
    assertEquals(Set.of(early, liked, disliked, openAiRequest), requestIds(log("&feedback=any")));
    assertEquals(Set.of(unrated), requestIds(log("&feedback=none")));
    assertEquals(
        Set.of(classified.getJsonObject(0).getString("requestId")),
        requestIds(
            json(sb.get("/api/v1/eval-log?plugin=hello&feedback=none")).getJsonArray("items")));
    assertEquals(
        0, json(sb.get("/api/v1/eval-log?plugin=hello&feedback=any")).getJsonArray("items").size());
    // Keyset pages keep the filter.
    JsonObject first = json(sb.get("/api/v1/eval-log?plugin=scripted&feedback=any&limit=3"));
    JsonObject rest =
        json(
            sb.get(
                "/api/v1/eval-log?plugin=scripted&feedback=any&limit=3&after="
                    + first.getString("next")));
    Set<String> paged = requestIds(first.getJsonArray("items"));
    paged.addAll(requestIds(rest.getJsonArray("items")));
    assertEquals(Set.of(early, liked, disliked, openAiRequest), paged);
    assertNull(rest.getString("next"));

    HttpResponse<String> bad = sb.get("/api/v1/eval-log?feedback=great");
    assertEquals(400, bad.statusCode());
    assertEquals("invalid_input", ServerFixture.errorCode(bad));
    assertEquals(400, sb.get("/api/v1/eval-log/stats?feedback=great").statusCode());

    // Stats: counts of rated entries per plugin and model, and percentiles under the filter.
    JsonArray stats =
        json(sb.get("/api/v1/eval-log/stats?plugin=scripted&task=chat")).getJsonArray("items");
    assertEquals(1, stats.size(), stats.encode());
    JsonObject s = stats.getJsonObject(0);
    assertEquals(5, s.getLong("requests"));
    assertEquals(
        new JsonObject().put("positive", 3L).put("negative", 2L), s.getJsonObject("feedback"));
    JsonObject negative =
        json(sb.get("/api/v1/eval-log/stats?plugin=scripted&task=chat&feedback=negative"))
            .getJsonArray("items")
            .getJsonObject(0);
    assertEquals(2, negative.getLong("requests"));
    assertEquals(6, negative.getLong("completionTokens"));
    JsonObject latency = negative.getJsonObject("latencyMs");
    assertTrue(latency.getDouble("p50") <= latency.getDouble("p99"), latency.encode());
    assertNotNull(latency.getDouble("p95"));
    assertEquals(
        new JsonObject().put("positive", 1L).put("negative", 2L),
        negative.getJsonObject("feedback"));
    JsonObject none =
        json(sb.get("/api/v1/eval-log/stats?plugin=scripted&task=chat&feedback=none"))
            .getJsonArray("items")
            .getJsonObject(0);
    assertEquals(1, none.getLong("requests"));
    assertEquals(
        new JsonObject().put("positive", 0L).put("negative", 0L), none.getJsonObject("feedback"));
  }
}
