package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.errorCode;
import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.ServerFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no generation model, the chat plugin answers 503 and says how to add one: no canned text.
 */
class ChatWithoutModelIT {

  @TempDir Path home;

  @Test
  void chatWithoutAModelIs503WithHowToAddOne() throws Exception {
    try (ServerFixture sb = ServerFixture.start(home)) {
      JsonObject input =
          new JsonObject()
              .put(
                  "messages",
                  new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")));
      HttpResponse<String> r =
          sb.post("/api/v1/tasks/chat", new JsonObject().put("plugin", "chat").put("input", input));
      assertEquals(503, r.statusCode(), r.body());
      assertEquals("unavailable", errorCode(r));
      String message = json(r).getJsonObject("error").getString("message");
      assertTrue(message.contains("models"), message);

      HttpResponse<String> streamed =
          sb.post(
              "/api/v1/tasks/chat",
              new JsonObject().put("plugin", "chat").put("stream", true).put("input", input));
      assertTrue(
          streamed.statusCode() == 503 || streamed.body().contains("unavailable"), streamed.body());
    }
  }
}
