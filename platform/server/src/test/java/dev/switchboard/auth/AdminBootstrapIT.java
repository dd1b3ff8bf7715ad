package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.LogCapture;
import dev.switchboard.testing.ServerFixture;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin UI's user: a generated password logged once at the first start and never again, kept
 * across restarts; SWITCHBOARD_ADMIN_PASSWORD replaces it and ends the sessions opened with the
 * old.
 */
class AdminBootstrapIT {

  private static final Pattern GENERATED = Pattern.compile("generated password (\\S+)");

  @TempDir Path home;

  static HttpResponse<String> login(ServerFixture sb, String password) throws Exception {
    return sb.post("/api/v1/session", new JsonObject().put("password", password));
  }

  static String cookie(HttpResponse<String> login) {
    String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  static JsonObject whoami(ServerFixture sb, String cookie) throws Exception {
    return ServerFixture.json(
        sb.send(
            HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/session"))
                .header("Cookie", cookie)
                .GET()));
  }

  @Test
  void generatedOnceThenKeptThenReplacedBySetting() throws Exception {
    String generated;
    String oldSession;
    try (LogCapture log = LogCapture.attach();
        ServerFixture sb = ServerFixture.start(home)) {
      Matcher m = GENERATED.matcher(log.text());
      assertTrue(m.find(), "the generated password is logged");
      generated = m.group(1);
      assertFalse(m.find(), "and only once");
      assertEquals(401, login(sb, "not it").statusCode());
      HttpResponse<String> ok = login(sb, generated);
      assertEquals(200, ok.statusCode(), ok.body());
      oldSession = cookie(ok);
      assertEquals("admin", whoami(sb, oldSession).getString("user"));
    }
    try (LogCapture log = LogCapture.attach();
        ServerFixture sb = ServerFixture.start(home)) {
      assertFalse(log.text().contains("generated password"), "never shown again");
      assertEquals(200, login(sb, generated).statusCode());
      assertEquals("admin", whoami(sb, oldSession).getString("user"), "sessions survive restarts");
    }
    try (LogCapture log = LogCapture.attach();
        ServerFixture sb =
            ServerFixture.start(home, Map.of("SWITCHBOARD_ADMIN_PASSWORD", "chosen one"))) {
      assertFalse(log.text().contains("chosen one"), "the set password is never logged");
      assertEquals(401, login(sb, generated).statusCode());
      assertEquals(200, login(sb, "chosen one").statusCode());
      assertTrue(whoami(sb, oldSession).getValue("user") == null, "old sessions ended");
    }
  }
}
