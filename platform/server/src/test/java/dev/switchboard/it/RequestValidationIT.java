package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.ServerFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that do not match {@code openapi.yaml} are refused before any handler runs: 400 {@code
 * invalid_input}, a message naming the field and what it should be, and the field alone in {@code
 * param}; requests that match still pass.
 */
class RequestValidationIT {

  private static final String ANY_ID = UUID.randomUUID().toString();
  private static final String CHAT = "[{\"role\":\"user\",\"content\":\"hi\"}]";

  @TempDir static Path home;
  static ServerFixture sb;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home, Map.of("SWITCHBOARD_MAX_BODY_BYTES", "65536"));
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  /** Method, path, body (null for none), the message's start, and the expected {@code param}. */
  static Stream<Arguments> badRequests() {
    return Stream.of(
        // wrong types
        bad(
            "POST",
            "/api/v1/classify",
            "{\"input\":42}",
            "body.input: expected string, got integer",
            "input"),
        bad(
            "POST",
            "/api/v1/tasks/chat",
            "{\"input\":{},\"stream\":\"yes\"}",
            "body.stream: expected boolean, got string",
            "stream"),
        bad(
            "POST",
            "/v1/chat/completions",
            "{\"messages\":" + CHAT + ",\"temperature\":\"hot\"}",
            "body.temperature: expected number or null, got string",
            "temperature"),
        bad(
            "POST",
            "/v1/chat/completions",
            "{\"messages\":[{\"role\":\"user\",\"content\":7}]}",
            "body.messages[0].content: expected string, array or null, got integer",
            "messages[0].content"),
        bad(
            "POST",
            "/v1/embeddings",
            "{\"model\":\"m\",\"input\":[\"a\",3]}",
            "body.input[1]: expected string, got integer",
            "input[1]"),
        bad(
            "PUT",
            "/api/v1/routes",
            "{\"routes\":[{\"task\":\"chat\",\"plugin\":\"hello\",\"weight\":\"heavy\"}]}",
            "body.routes[0].weight: expected integer, got string",
            "routes[0].weight"),
        bad("POST", "/api/v1/datasets", "[1]", "body: expected object, got array", null),
        // missing required fields
        bad("POST", "/api/v1/tasks/classify", "{}", "body.input: required", "input"),
        bad("POST", "/api/v1/classify", "{}", "body: give exactly one of input, inputs", null),
        bad("POST", "/v1/embeddings", "{\"input\":\"x\"}", "body.model: required", "model"),
        bad("POST", "/api/v1/datasets", "{\"task\":\"chat\"}", "body.name: required", "name"),
        bad(
            "POST",
            "/api/v1/messages/" + ANY_ID + "/feedback",
            "{}",
            "body.rating: required",
            "rating"),
        bad("POST", "/api/v1/datasets", "", "body: a JSON object is required", null),
        // bad enums, ranges and patterns
        bad(
            "POST",
            "/v1/chat/completions",
            "{\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}",
            "body.messages[0].role: 'robot' is not one of: system, developer, user, assistant, tool",
            "messages[0].role"),
        bad(
            "POST",
            "/v1/embeddings",
            "{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":\"int8\"}",
            "body.encoding_format: 'int8' is not one of: float, base64, null",
            "encoding_format"),
        bad(
            "POST",
            "/api/v1/datasets",
            "{\"name\":\"x\",\"task\":\"summaries\"}",
            "body.task: 'summaries' is not one of: chat, classification, retrieval",
            "task"),
        bad(
            "POST",
            "/api/v1/messages/" + ANY_ID + "/feedback",
            "{\"rating\":5}",
            "body.rating: 5 is not one of: 1, -1",
            "rating"),
        bad(
            "POST",
            "/api/v1/training-jobs",
            "{\"kind\":\"regressor\",\"datasetVersionId\":\"" + ANY_ID + "\",\"name\":\"x\"}",
            "body.kind: 'regressor' is not one of: classifier",
            "kind"),
        bad(
            "PATCH",
            "/api/v1/examples/" + ANY_ID,
            "{\"status\":\"maybe\"}",
            "body.status: 'maybe' is not one of: pending, approved, rejected",
            "status"),
        bad(
            "POST",
            "/api/v1/eval-runs",
            "{\"datasetVersionId\":\"" + ANY_ID + "\",\"split\":\"dev\"}",
            "body.split: 'dev' is not one of: train, validation, test",
            "split"),
        bad(
            "POST",
            "/api/v1/classify",
            "{\"input\":\"x\",\"timeoutMs\":0}",
            "body.timeoutMs: must be at least 1",
            "timeoutMs"),
        bad(
            "POST",
            "/api/v1/retrieve",
            "{\"collection\":\"c\",\"query\":\"q\",\"topK\":5000}",
            "body.topK: must be at most 1000",
            "topK"),
        bad(
            "POST",
            "/api/v1/retrieve",
            "{\"collection\":\"c\",\"query\":\"  \"}",
            "body.query: must not be blank",
            "query"),
        bad(
            "POST",
            "/v1/chat/completions",
            "{\"messages\":[]}",
            "body.messages: must not be empty",
            "messages"),
        bad(
            "POST",
            "/api/v1/models",
            "{\"name\":\"bad name!\",\"path\":\"/tmp\"}",
            "body.name: must match the pattern ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
            "name"),
        bad(
            "POST",
            "/api/v1/datasets/" + ANY_ID + "/examples/bulk",
            "{\"set\":{}}",
            "body.set: must have at least 1 field(s)",
            "set"),
        // unknown fields where the operation refuses them
        bad(
            "POST",
            "/v1/chat/completions",
            "{\"messages\":" + CHAT + ",\"best_of\":2}",
            "body.best_of: unknown field, not supported by POST /v1/chat/completions",
            "best_of"),
        bad(
            "POST",
            "/api/v1/keys",
            "{\"name\":\"k\",\"scopes\":[\"chat\"],\"ttl\":1}",
            "body.ttl: unknown field, not supported by POST /api/v1/keys",
            "ttl"),
        // query parameters
        bad(
            "GET",
            "/api/v1/datasets?limit=abc",
            null,
            "query.limit: expected integer, got string",
            "limit"),
        bad(
            "GET",
            "/api/v1/conversations?limit=501",
            null,
            "query.limit: must be at most 500",
            "limit"),
        bad("GET", "/api/v1/keys?limit=0", null, "query.limit: must be at least 1", "limit"),
        bad(
            "GET",
            "/api/v1/collections/docs/documents?limit=1001",
            null,
            "query.limit: must be at most 1000",
            "limit"),
        bad(
            "GET",
            "/api/v1/datasets/" + ANY_ID + "/examples?status=maybe",
            null,
            "query.status: 'maybe' is not one of: pending, approved, rejected",
            "status"),
        bad(
            "GET",
            "/api/v1/datasets/" + ANY_ID + "/export?format=xml",
            null,
            "query.format: 'xml' is not one of: openai-chat, openai-dpo, sharegpt, alpaca, jsonl, csv",
            "format"),
        bad(
            "GET",
            "/api/v1/datasets/" + ANY_ID + "/duplicates?threshold=2",
            null,
            "query.threshold: must be at most 1",
            "threshold"),
        bad(
            "GET",
            "/api/v1/eval-log?shadow=yes",
            null,
            "query.shadow: expected boolean, got string",
            "shadow"),
        bad(
            "GET",
            "/api/v1/eval-log/stats?from=yesterday",
            null,
            "query.from: must be a date-time such as 2026-01-31T12:00:00Z",
            "from"),
        bad(
            "POST",
            "/api/v1/datasets/" + ANY_ID + "/import?status=rejected",
            "text,label\nhi,greeting\n",
            "query.status: 'rejected' is not one of: pending, approved",
            "status"),
        // path parameters
        bad(
            "POST",
            "/api/v1/classifiers/bad%20name!/promote",
            "{\"version\":1}",
            "path.name: must match the pattern ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
            "name"));
  }

  private static Arguments bad(
      String method, String path, String body, String message, String param) {
    return Arguments.of(method, path, body, message, param);
  }

  @ParameterizedTest(name = "{0} {1} → {3}")
  @MethodSource("badRequests")
  void aRequestThatDoesNotMatchTheSpecIs400NamingTheField(
      String method, String path, String body, String message, String param) throws Exception {
    HttpResponse<String> r = send(method, path, body, "application/json");
    assertEquals(400, r.statusCode(), r.body());
    JsonObject error = json(r).getJsonObject("error");
    assertEquals("invalid_input", error.getString("code"));
    assertEquals("invalid_request_error", error.getString("type"));
    assertEquals(message, error.getString("message"));
    assertEquals(param, error.getString("param"));
    assertEquals(
        r.headers().firstValue("x-request-id").orElseThrow(), error.getString("requestId"));
  }

  @Test
  void parametersAreCheckedBeforeAMultipartUploadIsRead() throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/v1/plugins?replace=maybe",
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jar\"\r\n\r\nx\r\n--b--\r\n",
            "multipart/form-data; boundary=b");
    assertEquals(400, r.statusCode(), r.body());
    assertEquals(
        "query.replace: expected boolean, got string",
        json(r).getJsonObject("error").getString("message"));
  }

  @Test
  void requestsThatMatchTheSpecPass() throws Exception {
    assertEquals(
        200,
        send(
                "POST",
                "/api/v1/classify",
                "{\"input\":\"hello\",\"plugin\":\"hello\"}",
                "application/json")
            .statusCode());
    assertEquals(
        200,
        send(
                "POST",
                "/api/v1/classify",
                "{\"inputs\":[\"a\",\"b\"],\"plugin\":\"hello\",\"timeoutMs\":5000}",
                "application/json")
            .statusCode());
    HttpResponse<String> curl =
        send(
            "POST",
            "/api/v1/classify",
            "{\"input\":\"hello\",\"plugin\":\"hello\"}",
            "application/x-www-form-urlencoded");
    assertEquals(200, curl.statusCode(), "curl -d sends JSON as a form: " + curl.body());
    HttpResponse<String> created =
        send(
            "POST",
            "/api/v1/datasets",
            "{\"name\":\" intents \",\"task\":\"classification\",\"labels\":[\"a\",\"b\",\"a\"]}",
            "application/json");
    assertEquals(201, created.statusCode(), created.body());
    assertEquals("intents", json(created).getString("name"));
    String id = json(created).getString("id");
    HttpResponse<String> imported =
        send(
            "POST",
            "/api/v1/datasets/" + id + "/import?status=approved",
            "text,label\nhi,a\nbye,b\n",
            "text/csv");
    assertEquals(200, imported.statusCode(), imported.body());
    assertEquals(2, json(imported).getInteger("imported"));
    HttpResponse<String> page =
        sb.get("/api/v1/datasets/" + id + "/examples?status=approved&split=none&limit=1");
    assertEquals(200, page.statusCode(), page.body());
    assertEquals(1, json(page).getJsonArray("items").size());
    assertEquals(200, sb.get("/api/v1/datasets?limit=").statusCode(), "an empty number is absent");
    HttpResponse<String> version = send("POST", "/api/v1/datasets/" + id + "/versions", null, null);
    assertEquals(201, version.statusCode(), "the body of a freeze is optional: " + version.body());

    // The routing table as GET answers it (with its nulls) goes back unchanged.
    JsonObject table = json(sb.get("/api/v1/routes"));
    HttpResponse<String> put = sb.put("/api/v1/routes", table);
    assertEquals(200, put.statusCode(), put.body());

    // OpenAI clients send null for parameters they leave unset.
    HttpResponse<String> embedded =
        send(
            "POST",
            "/v1/embeddings",
            new JsonObject()
                .put("model", "all-minilm-l6-v2")
                .put("input", new JsonArray().add("a").add("b"))
                .putNull("encoding_format")
                .putNull("user")
                .encode(),
            "application/json");
    assertEquals(200, embedded.statusCode(), embedded.body());
    assertEquals(2, json(embedded).getJsonArray("data").size());
    HttpResponse<String> chat =
        send(
            "POST",
            "/v1/chat/completions",
            "{\"messages\":" + CHAT + ",\"stop\":null,\"temperature\":null,\"tools\":null,\"n\":1}",
            "application/json");
    assertNotEquals(400, chat.statusCode(), chat.body());
  }

  @Test
  void unsupportedOpenAiParametersStillSaySo() throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/v1/chat/completions",
            "{\"messages\":" + CHAT + ",\"n\":2}",
            "application/json");
    assertEquals(400, r.statusCode(), r.body());
    JsonObject error = json(r).getJsonObject("error");
    assertTrue(error.getString("message").contains("not supported"), r.body());
    assertEquals("n", error.getString("param"));
    r =
        send(
            "POST",
            "/v1/embeddings",
            "{\"model\":\"all-minilm-l6-v2\",\"input\":[[1,2]]}",
            "application/json");
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("token arrays are not supported"), r.body());
  }

  private static HttpResponse<String> send(
      String method, String path, String body, String contentType) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sb.base() + path));
    if (contentType != null) {
      request.header("content-type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return sb.send(request);
  }
}
