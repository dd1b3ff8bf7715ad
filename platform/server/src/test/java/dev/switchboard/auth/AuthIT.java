package dev.switchboard.auth;

import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.switchboard.testing.LogCapture;
import dev.switchboard.testing.ServerFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * API keys end to end on a server of its own (so that the other test classes stay in dev mode): dev
 * mode until the first key, then 401/403/429 with the error model, revocation, the admin API, CORS,
 * audit rows, and that no key ever reaches the log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthIT {

  static final String ORIGIN = "https://app.example.com";

  @TempDir static Path home;
  static ServerFixture sb;
  static LogCapture log;
  static Level switchboardLevel;
  static String admin;
  static final List<String> issued = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Logger ours = (Logger) LoggerFactory.getLogger("dev.switchboard");
    switchboardLevel = ours.getLevel();
    ours.setLevel(Level.DEBUG);
    log = LogCapture.attach();
    sb =
        ServerFixture.start(
            home,
            Map.of(
                "SWITCHBOARD_CORS_ORIGINS", ORIGIN + ", http://localhost:3000",
                "SWITCHBOARD_RATE_LIMIT_RPS", "1000",
                "SWITCHBOARD_RATE_LIMIT_BURST", "1000"));
    assertTrue(log.text().contains("dev mode: no API keys exist"), log.text());

    // Dev mode: loopback, no key, no Authorization header needed; a placeholder key is ignored.
    assertEquals(200, sb.get("/api/v1/routes").statusCode());
    assertEquals(200, call("GET", "/api/v1/routes", "sk-placeholder", null).statusCode());
    // ... but not for a page of another site that makes the browser call us.
    HttpResponse<String> foreign =
        sb.send(
            HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/routes"))
                .header("Origin", "https://attacker.example")
                .GET());
    assertEquals(401, foreign.statusCode(), foreign.body());

    HttpResponse<String> created =
        sb.post(
            "/api/v1/keys",
            new JsonObject().put("name", "root").put("scopes", new JsonArray().add("admin")));
    assertEquals(201, created.statusCode(), created.body());
    assertEquals("no-store", created.headers().firstValue("cache-control").orElse(""));
    admin = json(created).getString("key");
    issued.add(admin);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (sb != null) {
        sb.close();
      }
    } finally {
      log.close();
      ((Logger) LoggerFactory.getLogger("dev.switchboard")).setLevel(switchboardLevel);
    }
  }

  static HttpResponse<String> call(String method, String path, String key, JsonObject body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sb.base() + path));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (body != null) {
      b.header("content-type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    return sb.send(b);
  }

  static JsonObject createKey(JsonObject request) throws Exception {
    HttpResponse<String> r = call("POST", "/api/v1/keys", admin, request);
    assertEquals(201, r.statusCode(), r.body());
    JsonObject key = json(r);
    issued.add(key.getString("key"));
    return key;
  }

  static JsonObject createKey(String name, String... scopes) throws Exception {
    return createKey(
        new JsonObject().put("name", name).put("scopes", new JsonArray(List.of(scopes))));
  }

  static JsonObject classifyBody() {
    return new JsonObject().put("plugin", "hello").put("input", "hello there");
  }

  static void assertError(HttpResponse<String> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.body());
    JsonObject error = json(r).getJsonObject("error");
    assertEquals(code, error.getString("code"), r.body());
    assertNotNull(error.getString("message"));
    assertEquals(
        r.headers().firstValue("x-request-id").orElseThrow(), error.getString("requestId"));
  }

  @Test
  @Order(1)
  void onceAKeyExistsDevModeIsOver() throws Exception {
    HttpResponse<String> r = sb.get("/api/v1/routes");
    assertError(r, 401, "unauthenticated");
    assertEquals("Bearer", r.headers().firstValue("www-authenticate").orElse(""));
    assertError(sb.classify("hello", "hi"), 401, "unauthenticated");
    assertError(sb.get("/v1/models"), 401, "unauthenticated");
    // Operations stay open.
    assertEquals(200, sb.get("/health").statusCode());
    assertEquals(200, sb.get("/metrics").statusCode());
  }

  @Test
  @Order(2)
  void aNewKeyWorksAtOnceAndIsShownOnlyAtCreation() throws Exception {
    JsonObject created = createKey("classifier-client", "classify");
    String key = created.getString("key");
    assertTrue(key.startsWith(created.getString("prefix") + "_"), created.encode());
    assertEquals(new JsonArray().add("classify"), created.getJsonArray("scopes"));
    assertNull(created.getString("revokedAt"));

    HttpResponse<String> r = call("POST", "/api/v1/classify", key, classifyBody());
    assertEquals(200, r.statusCode(), r.body());
    r =
        call(
            "POST",
            "/api/v1/tasks/classify",
            key,
            new JsonObject()
                .put("plugin", "hello")
                .put("input", new JsonObject().put("inputs", new JsonArray().add("hello"))));
    assertEquals(200, r.statusCode(), r.body());

    // Use is recorded off the request path, so it may land a moment later.
    JsonObject fetched = null;
    for (int i = 0; i < 50; i++) {
      fetched = json(call("GET", "/api/v1/keys/" + created.getString("id"), admin, null));
      if (fetched.getString("lastUsedAt") != null) {
        break;
      }
      Thread.sleep(50);
    }
    assertNotNull(fetched.getString("lastUsedAt"), fetched.encode());
    assertEquals("classifier-client", fetched.getString("name"));
    assertFalse(fetched.containsKey("key"), fetched.encode());
    assertFalse(fetched.encode().contains(key.substring(12)), fetched.encode());
  }

  @Test
  @Order(3)
  void wrongMalformedAndForeignKeysAre401() throws Exception {
    String unknown = "sb_00000000_" + "0".repeat(64);
    for (String header :
        new String[] {"Bearer " + unknown, "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer "}) {
      HttpResponse<String> r =
          sb.send(
              HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/routes"))
                  .header("Authorization", header)
                  .GET());
      assertError(r, 401, "unauthenticated");
    }
    // A real key with one character changed.
    String tampered = admin.substring(0, admin.length() - 1) + (admin.endsWith("0") ? "1" : "0");
    assertError(call("GET", "/api/v1/routes", tampered, null), 401, "unauthenticated");
    // Scheme names are case-insensitive.
    HttpResponse<String> r =
        sb.send(
            HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/routes"))
                .header("Authorization", "bearer " + admin)
                .GET());
    assertEquals(200, r.statusCode(), r.body());
  }

  @Test
  @Order(4)
  void aRevokedKeyIsRefusedFromTheNextRequest() throws Exception {
    JsonObject created = createKey("short-lived", "classify");
    String key = created.getString("key");
    assertEquals(200, call("POST", "/api/v1/classify", key, classifyBody()).statusCode());
    HttpResponse<String> revoked =
        call("DELETE", "/api/v1/keys/" + created.getString("id"), admin, null);
    assertEquals(204, revoked.statusCode(), revoked.body());
    assertError(call("POST", "/api/v1/classify", key, classifyBody()), 401, "unauthenticated");
    // Revoking again changes nothing; unknown or malformed ids are 404.
    assertEquals(
        204, call("DELETE", "/api/v1/keys/" + created.getString("id"), admin, null).statusCode());
    assertError(
        call("DELETE", "/api/v1/keys/5f0c2b1e-0000-4000-8000-000000000000", admin, null),
        404,
        "not_found");
    assertError(call("DELETE", "/api/v1/keys/not-a-uuid", admin, null), 404, "not_found");
    JsonObject shown = json(call("GET", "/api/v1/keys/" + created.getString("id"), admin, null));
    assertNotNull(shown.getString("revokedAt"));
  }

  @Test
  @Order(5)
  void aMissingScopeIs403AndAdminImpliesEveryScope() throws Exception {
    String chat = createKey("chat-only", "chat", "embed").getString("key");
    assertError(call("POST", "/api/v1/classify", chat, classifyBody()), 403, "forbidden");
    assertTrue(
        json(call("POST", "/api/v1/classify", chat, classifyBody()))
            .getJsonObject("error")
            .getString("message")
            .contains("'classify'"));
    assertError(call("GET", "/api/v1/keys", chat, null), 403, "forbidden");
    assertError(call("GET", "/api/v1/routes", chat, null), 403, "forbidden");
    assertError(
        call("POST", "/api/v1/retrieve", chat, new JsonObject().put("collection", "c")),
        403,
        "forbidden");
    // Any valid key may list models.
    assertEquals(200, call("GET", "/v1/models", chat, null).statusCode());
    assertEquals(200, call("POST", "/api/v1/classify", admin, classifyBody()).statusCode());
  }

  @Test
  @Order(6)
  void overTheRateLimitIs429WithTheRealRetryAfter() throws Exception {
    String key =
        createKey(
                new JsonObject()
                    .put("name", "slow")
                    .put("scopes", new JsonArray().add("admin"))
                    .put("rateLimit", new JsonObject().put("rps", 0.25).put("burst", 2)))
            .getString("key");
    assertEquals(200, call("GET", "/api/v1/routes", key, null).statusCode());
    assertEquals(200, call("GET", "/api/v1/routes", key, null).statusCode());
    HttpResponse<String> r = call("GET", "/api/v1/routes", key, null);
    assertError(r, 429, "rate_limited");
    long retryAfter = Long.parseLong(r.headers().firstValue("retry-after").orElseThrow());
    assertTrue(retryAfter >= 3 && retryAfter <= 4, "one token at 0.25/s: " + retryAfter);
    // Other keys have their own buckets.
    assertEquals(200, call("GET", "/api/v1/routes", admin, null).statusCode());
  }

  @Test
  @Order(7)
  void corsPreflightAndResponsesForConfiguredOriginsOnly() throws Exception {
    HttpResponse<String> pre =
        sb.send(
            HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/classify"))
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertEquals(204, pre.statusCode(), pre.body());
    assertEquals(ORIGIN, pre.headers().firstValue("access-control-allow-origin").orElse(""));
    String allowed =
        pre.headers().firstValue("access-control-allow-headers").orElse("").toLowerCase();
    assertTrue(allowed.contains("authorization") && allowed.contains("content-type"), allowed);
    assertTrue(
        pre.headers().firstValue("access-control-allow-methods").orElse("").contains("POST"));

    // The actual request carries the header too, errors included, so the page can read them.
    HttpResponse<String> denied =
        sb.send(
            HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/routes"))
                .header("Origin", ORIGIN)
                .GET());
    assertEquals(401, denied.statusCode());
    assertEquals(ORIGIN, denied.headers().firstValue("access-control-allow-origin").orElse(""));

    HttpResponse<String> other =
        sb.send(
            HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/routes"))
                .header("Origin", "https://elsewhere.example")
                .header("Authorization", "Bearer " + admin)
                .GET());
    assertEquals(200, other.statusCode(), other.body());
    assertTrue(other.headers().firstValue("access-control-allow-origin").isEmpty());
  }

  @Test
  @Order(8)
  void keysAreListedInKeysetPagesWithoutSecrets() throws Exception {
    Set<String> made = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      made.add(createKey("page-" + i, "embed").getString("id"));
    }
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      String path = "/api/v1/keys?limit=2" + (after == null ? "" : "&after=" + after);
      HttpResponse<String> r = call("GET", path, admin, null);
      assertEquals(200, r.statusCode(), r.body());
      JsonObject page = json(r);
      assertTrue(page.getJsonArray("items").size() <= 2);
      for (Object o : page.getJsonArray("items")) {
        JsonObject k = (JsonObject) o;
        assertFalse(k.containsKey("key") || k.containsKey("keyHash") || k.containsKey("hash"));
        assertNull(k.getString("revokedAt"));
        seen.add(k.getString("id"));
      }
      after = page.getString("next");
      pages++;
    } while (after != null && pages < 50);
    assertTrue(seen.containsAll(made), seen.toString());
    assertEquals(seen.size(), new HashSet<>(seen).size(), "a key appeared on two pages");
    for (String secret : issued) {
      String body = call("GET", "/api/v1/keys?limit=200&includeRevoked=true", admin, null).body();
      assertFalse(body.contains(secret.substring(12)));
    }
    // Revoked keys only on request.
    JsonArray all =
        json(call("GET", "/api/v1/keys?limit=200&includeRevoked=true", admin, null))
            .getJsonArray("items");
    assertTrue(all.size() > seen.size());

    assertError(call("GET", "/api/v1/keys?limit=0", admin, null), 400, "invalid_input");
    assertError(call("GET", "/api/v1/keys?limit=x", admin, null), 400, "invalid_input");
    assertError(call("GET", "/api/v1/keys?after=garbage", admin, null), 400, "invalid_input");
  }

  @Test
  @Order(9)
  void creationIsValidated() throws Exception {
    HttpResponse<String> r =
        call(
            "POST",
            "/api/v1/keys",
            admin,
            new JsonObject()
                .put("name", "x")
                .put("scopes", new JsonArray().add("chat").add("root")));
    assertError(r, 400, "invalid_input");
    assertTrue(json(r).getJsonObject("error").getString("message").contains("'root'"));
    assertError(
        call("POST", "/api/v1/keys", admin, new JsonObject().put("name", "x")),
        400,
        "invalid_input");
    assertError(
        call(
            "POST",
            "/api/v1/keys",
            admin,
            new JsonObject()
                .put("name", "x")
                .put("scopes", new JsonArray().add("chat"))
                .put("rateLimit", new JsonObject().put("rps", "fast").put("burst", 1))),
        400,
        "invalid_input");
  }

  @Test
  @Order(10)
  void createAndRevokeAreAudited() throws Exception {
    List<Row> rows = new ArrayList<>();
    sb.server()
        .database()
        .pool()
        .query("SELECT actor, action, target, details FROM audit_log ORDER BY id")
        .execute()
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS)
        .forEach(rows::add);
    long creates =
        rows.stream().filter(r -> r.getString("action").equals("api_key.create")).count();
    long revokes =
        rows.stream().filter(r -> r.getString("action").equals("api_key.revoke")).count();
    assertEquals(issued.size(), creates);
    assertEquals(1, revokes);
    assertEquals("anonymous", rows.get(0).getString("actor"));
    assertEquals("root", rows.get(1).getString("actor"));
    for (Row row : rows) {
      for (String secret : issued) {
        assertFalse(String.valueOf(row.getValue("details")).contains(secret.substring(12)));
      }
    }
  }

  @Test
  @Order(100)
  void noKeyEverReachesTheLog() {
    String text = log.text();
    assertTrue(text.contains("Switchboard is up"), "the capture works");
    assertTrue(issued.size() > 5);
    for (String key : issued) {
      assertFalse(text.contains(key.substring(12)), "a key's secret was logged");
    }
  }
}
