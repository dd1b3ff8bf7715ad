package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.ServerFixture;
import dev.switchboard.testing.TestPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With API keys, a chat key sees and continues only its own conversations; an admin key sees all.
 */
class ConversationOwnershipIT {

  @TempDir static Path home;
  @TempDir static Path jars;
  static ServerFixture sb;
  static String admin;
  static String alice;
  static String bob;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home);
    assertEquals(
        201,
        sb.upload("/api/v1/plugins", TestPlugins.historyEcho(jars, "memory"), "m.jar")
            .statusCode());
    admin = key(null, "admin");
    alice = key(admin, "chat");
    bob = key(admin, "chat");
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  private static String key(String using, String scope) throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/keys"))
            .header("content-type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    new JsonObject()
                        .put("name", scope + "-key")
                        .put("scopes", new JsonArray().add(scope))
                        .encode()));
    if (using != null) {
      req.header("Authorization", "Bearer " + using);
    }
    HttpResponse<String> r = sb.send(req);
    assertEquals(201, r.statusCode(), r.body());
    return json(r).getString("key");
  }

  private static HttpResponse<String> as(String key, String method, String path, JsonObject body)
      throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(sb.base() + path))
            .header("Authorization", "Bearer " + key);
    if (body != null) {
      req.header("content-type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    } else {
      req.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return sb.send(req);
  }

  @Test
  void keysSeeOnlyTheirOwnConversations() throws Exception {
    JsonObject chat =
        new JsonObject()
            .put("model", "m")
            .put("plugin", "memory")
            .put(
                "messages",
                new JsonArray()
                    .add(new JsonObject().put("role", "user").put("content", "alice's secret")));
    HttpResponse<String> r = as(alice, "POST", "/v1/chat/completions", chat);
    assertEquals(200, r.statusCode(), r.body());
    String conversation = json(r).getString("conversation_id");
    String message = json(r).getString("message_id");

    assertEquals(200, as(alice, "GET", "/api/v1/conversations/" + conversation, null).statusCode());
    assertEquals(404, as(bob, "GET", "/api/v1/conversations/" + conversation, null).statusCode());
    assertFalse(as(bob, "GET", "/api/v1/conversations", null).body().contains(conversation));
    assertTrue(as(alice, "GET", "/api/v1/conversations", null).body().contains(conversation));
    assertTrue(as(admin, "GET", "/api/v1/conversations", null).body().contains(conversation));

    HttpResponse<String> hijack =
        as(bob, "POST", "/v1/chat/completions", chat.copy().put("conversation_id", conversation));
    assertEquals(404, hijack.statusCode(), hijack.body());
    assertEquals(
        404,
        as(
                bob,
                "POST",
                "/api/v1/messages/" + message + "/feedback",
                new JsonObject().put("rating", 1))
            .statusCode());
    assertEquals(
        201,
        as(
                alice,
                "POST",
                "/api/v1/messages/" + message + "/feedback",
                new JsonObject().put("rating", 1))
            .statusCode());
  }
}
