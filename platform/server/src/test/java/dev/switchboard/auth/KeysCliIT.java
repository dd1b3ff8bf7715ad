package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.cli.Cli;
import dev.switchboard.testing.LogCapture;
import dev.switchboard.testing.ServerFixture;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard keys ...} against a stopped server's home, and beside a running server that
 * owns the embedded database (the command connects to it; the server hears of the change through
 * LISTEN/NOTIFY).
 */
class KeysCliIT {

  private static final Pattern ID = Pattern.compile("\\(id ([0-9a-f-]{36})");

  @TempDir Path home;

  record Run(int code, String out, String err) {}

  private Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Cli.run(
            args,
            Map.of("SWITCHBOARD_HOME", home.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String idOf(Run created) {
    Matcher m = ID.matcher(created.err());
    assertTrue(m.find(), created.err());
    return m.group(1);
  }

  private static HttpResponse<String> routes(ServerFixture sb, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/routes"));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return sb.send(b.GET());
  }

  private static HttpResponse<String> classify(ServerFixture sb, String key) throws Exception {
    return sb.send(
        HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/classify"))
            .header("Authorization", "Bearer " + key)
            .header("content-type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    new JsonObject().put("plugin", "hello").put("input", "hi").encode())));
  }

  /** Polls: a change made by another process arrives by notification, within milliseconds. */
  private static void awaitStatus(int expected, ServerFixture sb, String key) throws Exception {
    int status = 0;
    for (int i = 0; i < 100 && status != expected; i++) {
      status = routes(sb, key).statusCode();
      if (status != expected) {
        Thread.sleep(50);
      }
    }
    assertEquals(expected, status);
  }

  @Test
  void createListAndRevokeWhileTheServerIsStopped() throws Exception {
    Run created = cli("keys", "create", "--scopes", "classify", "--name", "ci");
    assertEquals(0, created.code(), created.err());
    String key = created.out().trim();
    assertTrue(key.matches("sb_[0-9a-f]{8}_[0-9a-f]{64}"), "stdout holds just the key: " + key);
    assertFalse(created.err().contains(key.substring(12)));
    String id = idOf(created);

    Run list = cli("keys", "list");
    assertEquals(0, list.code(), list.err());
    assertTrue(list.out().contains(id) && list.out().contains("ci"), list.out());
    assertTrue(list.out().contains(key.substring(0, 11)), "the prefix is shown");
    assertFalse(list.out().contains(key.substring(12)), "the secret is not");

    Run ops =
        cli("keys", "create", "--scopes", "admin", "--name", "ops", "--rps", "5", "--burst", "5");
    assertEquals(0, ops.code(), ops.err());
    String opsKey = ops.out().trim();

    try (ServerFixture sb = ServerFixture.start(home)) {
      assertEquals(401, routes(sb, null).statusCode(), "keys exist: dev mode is over");
      assertEquals(200, classify(sb, key).statusCode());
      assertEquals(403, routes(sb, key).statusCode());
      assertEquals(200, routes(sb, opsKey).statusCode());
    }

    Run revoked = cli("keys", "revoke", id);
    assertEquals(0, revoked.code(), revoked.err());
    assertFalse(cli("keys", "list").out().contains(id));
    assertTrue(cli("keys", "list", "--all").out().contains(id));
    Run again = cli("keys", "revoke", "5f0c2b1e-0000-4000-8000-000000000000");
    assertEquals(2, again.code());
    assertTrue(again.err().contains("no API key"), again.err());

    try (ServerFixture sb = ServerFixture.start(home)) {
      assertEquals(401, classify(sb, key).statusCode());
      assertEquals(200, routes(sb, opsKey).statusCode());
      // Revoking the last valid key beside the running server puts a loopback server back in
      // dev mode.
      assertEquals(0, cli("keys", "revoke", idOf(ops)).code());
      awaitStatus(200, sb, null);
    }
  }

  @Test
  void mistakesAreExplained() {
    Run noScopes = cli("keys", "create");
    assertEquals(2, noScopes.code());
    assertTrue(noScopes.err().contains("--scopes"), noScopes.err());
    Run unknown = cli("keys", "create", "--scopes", "chat,sudo");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("'sudo'"), unknown.err());
    assertEquals(2, cli("keys", "rotate").code());
  }

  @Test
  void beyondLoopbackNothingGetsInUntilTheCliCreatesAKeyBesideTheRunningServer() throws Exception {
    try (LogCapture log = LogCapture.attach();
        ServerFixture sb = ServerFixture.start(home, Map.of("SWITCHBOARD_HOST", "0.0.0.0"))) {
      assertTrue(log.text().contains("NO API KEYS"), log.text());
      assertFalse(log.text().contains("dev mode:"), log.text());
      HttpResponse<String> refused = routes(sb, null);
      assertEquals(401, refused.statusCode());
      assertTrue(refused.body().contains("keys create"), refused.body());
      assertEquals(200, sb.get("/health").statusCode());

      Run created = cli("keys", "create", "--scopes", "admin", "--name", "first");
      assertEquals(0, created.code(), created.err());
      String key = created.out().trim();
      awaitStatus(200, sb, key);

      assertEquals(0, cli("keys", "revoke", idOf(created)).code());
      awaitStatus(401, sb, key);
      assertFalse(log.text().contains(key.substring(12)));
    }
  }
}
