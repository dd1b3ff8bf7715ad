package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.ServerFixture;
import dev.switchboard.testing.TestPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Curation from production traffic: conversations and eval-log entries promoted into datasets with
 * their context and a link back, preference pairs from corrected answers, duplicate clusters.
 */
class DatasetPromotionIT {

  @TempDir static Path home;
  @TempDir static Path jars;
  static ServerFixture sb;

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

  static String create(String name, String task, JsonArray labels) throws Exception {
    JsonObject body = new JsonObject().put("name", name).put("task", task);
    if (labels != null) {
      body.put("labels", labels);
    }
    HttpResponse<String> r = sb.post("/api/v1/datasets", body);
    assertEquals(201, r.statusCode(), r.body());
    return json(r).getString("id");
  }

  static JsonObject chat(String conversation, String text) throws Exception {
    JsonObject body =
        new JsonObject()
            .put("model", "any")
            .put("plugin", "scripted")
            .put(
                "messages",
                new JsonArray().add(new JsonObject().put("role", "user").put("content", text)));
    if (conversation != null) {
      body.put("conversation_id", conversation);
    }
    HttpResponse<String> r = sb.post("/v1/chat/completions", body);
    assertEquals(200, r.statusCode(), r.body());
    return json(r);
  }

  @Test
  void aConversationTurnBecomesAChatExampleWithContextFeedbackAndAPreferencePair()
      throws Exception {
    JsonObject first = chat(null, "first question");
    String conversation = first.getString("conversation_id");
    JsonObject second = chat(conversation, "second question");
    String answer = second.getString("message_id");
    assertEquals(
        201,
        sb.post(
                "/api/v1/messages/" + answer + "/feedback",
                new JsonObject().put("rating", -1).put("reason", "wrong"))
            .statusCode());

    String ds = create("from-chats", "chat", null);
    HttpResponse<String> r =
        sb.post(
            "/api/v1/datasets/" + ds + "/examples/from-conversation",
            new JsonObject().put("conversationId", conversation).put("messageId", answer));
    assertEquals(201, r.statusCode(), r.body());
    JsonObject example = json(r);
    assertEquals("second question", example.getString("text"));
    JsonArray context = example.getJsonObject("input").getJsonArray("messages");
    assertEquals(3, context.size());
    assertEquals("first question", context.getJsonObject(0).getString("content"));
    assertEquals("assistant", context.getJsonObject(1).getString("role"));
    assertEquals("Hello from Switchboard", example.getJsonObject("output").getString("content"));
    JsonObject source = example.getJsonObject("source");
    assertEquals("conversation", source.getString("type"));
    assertEquals(conversation, source.getString("conversationId"));
    assertEquals(answer, source.getString("messageId"));
    assertEquals(-1, source.getJsonArray("feedback").getJsonObject(0).getInteger("rating"));

    // The earlier answer by default is the last one; a user message is not an answer.
    JsonObject conv = json(sb.get("/api/v1/conversations/" + conversation));
    String userMessage = conv.getJsonArray("messages").getJsonObject(0).getString("id");
    assertEquals(
        409,
        sb.post(
                "/api/v1/datasets/" + ds + "/examples/from-conversation",
                new JsonObject().put("conversationId", conversation).put("messageId", userMessage))
            .statusCode());
    assertEquals(
        404,
        sb.post(
                "/api/v1/datasets/" + ds + "/examples/from-conversation",
                new JsonObject().put("conversationId", UUID.randomUUID().toString()))
            .statusCode());

    // Correcting the disliked answer makes a DPO pair: the correction preferred.
    sb.send(
        HttpRequest.newBuilder(
                URI.create(sb.base() + "/api/v1/examples/" + example.getString("id")))
            .header("content-type", "application/json")
            .method(
                "PATCH",
                HttpRequest.BodyPublishers.ofString("{\"output\":\"The answer is 42.\"}")));
    String[] dpo =
        sb.get("/api/v1/datasets/" + ds + "/export?format=openai-dpo").body().split("\n");
    assertEquals(1, dpo.length);
    JsonObject pair = new JsonObject(dpo[0]);
    assertEquals(3, pair.getJsonObject("input").getJsonArray("messages").size());
    assertEquals(
        "The answer is 42.",
        pair.getJsonArray("preferred_output").getJsonObject(0).getString("content"));
    assertEquals(
        "Hello from Switchboard",
        pair.getJsonArray("non_preferred_output").getJsonObject(0).getString("content"));
  }

  @Test
  void aClassificationEvalLogEntryBecomesExamplesLabelledByThePrediction() throws Exception {
    JsonObject classify =
        new JsonObject()
            .put("plugin", "hello")
            .put("inputs", new JsonArray().add("hello friend").add("the weather today"));
    HttpResponse<String> r = sb.post("/api/v1/classify", classify);
    assertEquals(200, r.statusCode(), r.body());
    String requestId = r.headers().firstValue("x-request-id").orElse(null);
    JsonObject entry = null;
    long until = System.currentTimeMillis() + 10_000;
    while (entry == null && System.currentTimeMillis() < until) {
      Thread.sleep(100);
      for (Object o :
          json(sb.get("/api/v1/eval-log?plugin=hello&task=classify")).getJsonArray("items")) {
        JsonObject e = (JsonObject) o;
        if (e.getJsonObject("input").getJsonArray("inputs").size() == 2
            && (requestId == null || requestId.equals(e.getString("requestId")))) {
          entry = e;
        }
      }
    }
    assertTrue(entry != null, "the classify request reached the eval log");

    String ds = create("from-log", "classification", new JsonArray().add("greeting").add("other"));
    JsonObject promoted =
        json(
            sb.post(
                "/api/v1/datasets/" + ds + "/examples/from-eval-log",
                new JsonObject().put("evalLogId", entry.getString("id"))));
    assertEquals(2, promoted.getInteger("imported"), promoted.encode());
    JsonArray items = json(sb.get("/api/v1/datasets/" + ds + "/examples")).getJsonArray("items");
    assertEquals("greeting", items.getJsonObject(0).getString("label"));
    assertEquals("other", items.getJsonObject(1).getString("label"));
    assertEquals("eval-log", items.getJsonObject(0).getJsonObject("source").getString("type"));
    assertEquals(
        entry.getString("id"),
        items.getJsonObject(0).getJsonObject("source").getString("evalLogId"));
    assertEquals("pending", items.getJsonObject(0).getString("status"));

    // A label outside the set is a row-level rejection, not a silent drop.
    JsonObject wrong =
        json(
            sb.post(
                "/api/v1/datasets/" + ds + "/examples/from-eval-log",
                new JsonObject().put("evalLogId", entry.getString("id")).put("label", "weather")));
    assertEquals(0, wrong.getInteger("imported"));
    assertEquals(2, wrong.getJsonArray("rejected").size());
  }

  @Test
  void duplicateClustersGroupExactAndNearCopies() throws Exception {
    String ds = create("dupes", "classification", null);
    String csv =
        "text,label\n"
            + "please tell me how i can activate the new card that i received in the mail today,a\n"
            + "Please tell me how I can activate the new card that I received in the mail today,b\n"
            + "please tell me how i can activate the new card that i received in the mail yesterday,a\n"
            + "what is the exchange rate for sending money abroad to my family in spain,c\n"
            + "why was i charged a fee when i withdrew cash from the atm this morning,d\n"
            + "why was i charged a fee when i withdrew cash from the atm this evening,d\n"
            + "hello,e\n"
            + "HELLO ,e\n";
    HttpResponse<String> imported =
        sb.send(
            HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/datasets/" + ds + "/import"))
                .header("content-type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)));
    assertEquals(8, json(imported).getInteger("imported"), imported.body());
    JsonObject dupes = json(sb.get("/api/v1/datasets/" + ds + "/duplicates"));
    assertEquals(0.8, dupes.getDouble("threshold"));
    assertEquals(128, dupes.getInteger("permutations"));
    assertEquals(3, dupes.getInteger("clusterCount"), dupes.encode());
    JsonObject biggest = dupes.getJsonArray("clusters").getJsonObject(0);
    assertEquals("near", biggest.getString("kind"));
    assertEquals(3, biggest.getInteger("size"));
    // The two labels of one text show up side by side for review.
    assertEquals("b", biggest.getJsonArray("examples").getJsonObject(1).getString("label"));

    // A stricter threshold leaves only the exact copies.
    JsonObject strict =
        json(sb.get("/api/v1/datasets/" + ds + "/duplicates?threshold=0.95&permutations=256"));
    assertEquals(2, strict.getInteger("clusterCount"), strict.encode());
    strict
        .getJsonArray("clusters")
        .forEach(c -> assertEquals("exact", ((JsonObject) c).getString("kind")));
    assertEquals(
        400, sb.get("/api/v1/datasets/" + ds + "/duplicates?permutations=64").statusCode());
  }
}
