package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyRequestTest {

  private static String refused(String json) {
    return assertThrows(TaskException.class, () -> KeyRequest.fromJson(new JsonObject(json)))
        .getMessage();
  }

  @Test
  void aValidRequest() {
    KeyRequest r =
        KeyRequest.fromJson(
            new JsonObject(
                "{\"name\":\" ci \",\"scopes\":[\"chat\",\"embed\",\"chat\"],"
                    + "\"rateLimit\":{\"rps\":2.5,\"burst\":5}}"));
    assertEquals("ci", r.name());
    assertEquals(Set.of(Scope.CHAT, Scope.EMBED), r.scopes());
    assertEquals(new RateLimit(2.5, 5), r.rateLimit());
  }

  @Test
  void everyMistakeIsNamed() {
    assertTrue(refused("{\"name\":\"x\",\"scopes\":[\"chat\",\"sudo\"]}").contains("'sudo'"));
    assertTrue(refused("{\"scopes\":[\"chat\"]}").contains("'name'"));
    assertTrue(refused("{\"name\":\"x\",\"scopes\":[]}").contains("scopes"));
    assertTrue(
        refused("{\"name\":\"x\",\"scopes\":[\"chat\"],\"rateLimit\":{\"rps\":1}}")
            .contains("burst"));
    assertTrue(
        refused("{\"name\":\"x\",\"scopes\":[\"chat\"],\"rateLimit\":{\"rps\":-1,\"burst\":1}}")
            .contains("rps"));
    assertTrue(
        refused("{\"name\":\"" + "n".repeat(101) + "\",\"scopes\":[\"chat\"]}").contains("'name'"));
  }
}
