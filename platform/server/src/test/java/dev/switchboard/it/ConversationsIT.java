package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.errorCode;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat turns are stored: the OpenAI-compatible endpoint and the native task endpoint both persist
 * the conversation, memory reads it back, feedback attaches to answers, lists page and search.
 */
class ConversationsIT {

  @TempDir static Path home;
  @TempDir static Path jars;
  static ServerFixture sb;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home);
    assertEquals(
        201,
        sb.upload("/api/v1/plugins", TestPlugins.historyEcho(jars.resolve("h"), "memory"), "m.jar")
            .statusCode());
    assertEquals(
        201,
        sb.upload(
                "/api/v1/plugins",
                TestPlugins.echo(jars.resolve("e"), "ticker", "1.0.0", "tick-model"),
                "t.jar")
            .statusCode());
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  private static JsonObject completionBody(String plugin, String text) {
    return new JsonObject()
        .put("model", "any")
        .put("plugin", plugin)
        .put(
            "messages",
            new JsonArray().add(new JsonObject().put("role", "user").put("content", text)));
  }

  @Test
  void chatCompletionsAnswersInOpenAiShapeAndStoresTheTurn() throws Exception {
    HttpResponse<String> r =
        sb.post(
            "/v1/chat/completions",
            completionBody("memory", "first question").put("max_tokens", 5));
    assertEquals(200, r.statusCode(), r.body());
    JsonObject body = json(r);
    assertEquals("chat.completion", body.getString("object"));
    assertTrue(body.getString("id").startsWith("chatcmpl-"));
    JsonObject choice = body.getJsonArray("choices").getJsonObject(0);
    assertEquals("assistant", choice.getJsonObject("message").getString("role"));
    assertEquals("history=0 last=-", choice.getJsonObject("message").getString("content"));
    assertEquals("stop", choice.getString("finish_reason"));
    assertEquals(7, body.getJsonObject("usage").getInteger("total_tokens"));
    String conversation = body.getString("conversation_id");
    assertNotNull(conversation);

    // Continue the conversation with only the new message: the plugin's memory sees both stored
    // ones.
    HttpResponse<String> next =
        sb.post(
            "/v1/chat/completions",
            completionBody("memory", "second question").put("conversation_id", conversation));
    assertEquals(200, next.statusCode(), next.body());
    assertEquals(
        "history=2 last=history=0 last=-",
        json(next)
            .getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("message")
            .getString("content"));

    JsonObject stored = json(sb.get("/api/v1/conversations/" + conversation));
    assertEquals("first question", stored.getString("title"));
    JsonArray messages = stored.getJsonArray("messages");
    assertEquals(4, messages.size());
    assertEquals("user", messages.getJsonObject(2).getString("role"));
    assertEquals("second question", messages.getJsonObject(2).getString("content"));
    JsonObject answer = messages.getJsonObject(3);
    assertEquals("memory-model", answer.getString("model"));
    assertEquals("memory", answer.getString("plugin"));
    assertEquals(4, answer.getInteger("completionTokens"));
    assertTrue(answer.getInteger("latencyMs") >= 0);
    assertEquals(json(next).getString("message_id"), answer.getString("id"));
  }

  @Test
  void feedbackAttachesToAnswersAndIsValidated() throws Exception {
    JsonObject body = json(sb.post("/v1/chat/completions", completionBody("memory", "rate me")));
    String messageId = body.getString("message_id");
    HttpResponse<String> r =
        sb.post(
            "/api/v1/messages/" + messageId + "/feedback",
            new JsonObject().put("rating", -1).put("reason", "too vague"));
    assertEquals(201, r.statusCode(), r.body());
    JsonObject stored = json(sb.get("/api/v1/conversations/" + body.getString("conversation_id")));
    JsonObject feedback =
        stored.getJsonArray("messages").getJsonObject(1).getJsonArray("feedback").getJsonObject(0);
    assertEquals(-1, feedback.getInteger("rating"));
    assertEquals("too vague", feedback.getString("reason"));

    assertEquals(
        400,
        sb.post("/api/v1/messages/" + messageId + "/feedback", new JsonObject().put("rating", 0))
            .statusCode());
    assertEquals(
        400,
        sb.post("/api/v1/messages/" + messageId + "/feedback", new JsonObject().put("rating", "up"))
            .statusCode());
    assertEquals(
        404,
        sb.post(
                "/api/v1/messages/" + java.util.UUID.randomUUID() + "/feedback",
                new JsonObject().put("rating", 1))
            .statusCode());
    String userMessage = stored.getJsonArray("messages").getJsonObject(0).getString("id");
    assertEquals(
        409,
        sb.post("/api/v1/messages/" + userMessage + "/feedback", new JsonObject().put("rating", 1))
            .statusCode());
  }

  @Test
  void streamingUsesOpenAiChunksWithUsageAndDone() throws Exception {
    JsonObject request =
        completionBody("ticker", "stream please")
            .put("stream", true)
            .put("stream_options", new JsonObject().put("include_usage", true))
            .put("max_tokens", 3);
    HttpResponse<java.util.stream.Stream<String>> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(sb.base() + "/v1/chat/completions"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request.encode()))
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, r.statusCode());
    assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse(""));
    List<String> data = new ArrayList<>();
    r.body().filter(l -> l.startsWith("data: ")).forEach(l -> data.add(l.substring(6)));
    assertEquals("[DONE]", data.get(data.size() - 1));
    JsonObject first = new JsonObject(data.get(0));
    assertEquals("chat.completion.chunk", first.getString("object"));
    assertEquals(
        "assistant",
        first.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("role"));
    StringBuilder text = new StringBuilder();
    for (String d : data.subList(1, data.size() - 3)) {
      text.append(
          new JsonObject(d)
              .getJsonArray("choices")
              .getJsonObject(0)
              .getJsonObject("delta")
              .getString("content"));
    }
    assertEquals("tick0 tick1 tick2 ", text.toString());
    JsonObject finish = new JsonObject(data.get(data.size() - 3));
    assertEquals(
        "length", finish.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
    assertNotNull(finish.getString("conversation_id"));
    JsonObject usage = new JsonObject(data.get(data.size() - 2));
    assertTrue(usage.getJsonArray("choices").isEmpty());
    assertEquals(3, usage.getJsonObject("usage").getInteger("completion_tokens"));
  }

  @Test
  void unsupportedParametersAre400sThatSaySo() throws Exception {
    for (JsonObject extra :
        new JsonObject[] {
          new JsonObject().put("n", 2),
          new JsonObject().put("response_format", new JsonObject().put("type", "json_object")),
          new JsonObject().put("logprobs", true),
          new JsonObject().put("frequency_penalty", 0.5),
          new JsonObject().put("tool_choice", "required"),
          new JsonObject().put("functions", new JsonArray()),
          new JsonObject().put("stream_options", new JsonObject().put("include_usage", true))
        }) {
      JsonObject body = completionBody("memory", "x");
      extra.forEach(e -> body.put(e.getKey(), e.getValue()));
      HttpResponse<String> r = sb.post("/v1/chat/completions", body);
      assertEquals(400, r.statusCode(), extra.encode() + " → " + r.body());
      assertEquals("invalid_request_error", json(r).getJsonObject("error").getString("type"));
    }
    HttpResponse<String> r =
        sb.post(
            "/v1/chat/completions",
            completionBody("memory", "x")
                .put("conversation_id", java.util.UUID.randomUUID().toString()));
    assertEquals(404, r.statusCode(), r.body());
    assertEquals("not_found", errorCode(r));
  }

  @Test
  void aTurnThatFailsLeavesNoConversationBehind() throws Exception {
    HttpResponse<String> r =
        sb.post("/v1/chat/completions", completionBody("no-such-plugin", "orphanword question"));
    assertEquals(404, r.statusCode(), r.body());
    assertEquals(
        0, json(sb.get("/api/v1/conversations?q=orphanword")).getJsonArray("items").size());
  }

  @Test
  void theNativeChatTaskIsStoredTooAndListsPageAndSearch() throws Exception {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r =
          sb.post(
              "/api/v1/tasks/chat",
              new JsonObject()
                  .put("plugin", "memory")
                  .put(
                      "input",
                      new JsonObject()
                          .put(
                              "messages",
                              new JsonArray()
                                  .add(
                                      new JsonObject()
                                          .put("role", "user")
                                          .put("content", "zebra number " + i)))));
      assertEquals(200, r.statusCode(), r.body());
      assertNotNull(json(r).getString("conversationId"));
      assertNotNull(json(r).getString("messageId"));
    }
    JsonObject page1 = json(sb.get("/api/v1/conversations?q=zebra&limit=2"));
    assertEquals(2, page1.getJsonArray("items").size());
    assertNotNull(page1.getString("next"));
    JsonObject page2 =
        json(sb.get("/api/v1/conversations?q=zebra&limit=2&after=" + page1.getString("next")));
    assertEquals(1, page2.getJsonArray("items").size());
    assertNull(page2.getString("next"));
    assertTrue(
        page1.getJsonArray("items").getJsonObject(0).getString("title").startsWith("zebra number"));
    assertEquals(400, sb.get("/api/v1/conversations?limit=0").statusCode());
    assertEquals(400, sb.get("/api/v1/conversations?after=garbage").statusCode());
    assertEquals(404, sb.get("/api/v1/conversations/" + java.util.UUID.randomUUID()).statusCode());
  }
}
