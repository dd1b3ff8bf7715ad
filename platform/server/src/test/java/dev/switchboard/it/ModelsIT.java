package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.errorCode;
import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.runtime.store.RandomCheckpoint;
import dev.switchboard.testing.ServerFixture;
import dev.switchboard.testing.TestPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosted models end to end: the bundled embedding model over /v1/embeddings, a random-weight chat
 * checkpoint found in the models folder at start-up, one registered at run time, load/unload, and a
 * plugin generating through {@code ctx.models()}.
 */
class ModelsIT {

  @TempDir static Path home;
  @TempDir static Path elsewhere;
  static ServerFixture sb;

  @BeforeAll
  static void start() throws Exception {
    RandomCheckpoint.create(home.resolve("models/tiny-chat"), "tiny", 7);
    sb = ServerFixture.start(home);
    assertEquals(
        201,
        sb.upload(
                "/api/v1/plugins",
                TestPlugins.modelChat(elsewhere.resolve("jar"), "model-chat"),
                "mc.jar")
            .statusCode());
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @Test
  void modelsAreListedNativelyAndOpenAiStyle() throws Exception {
    JsonObject health = json(sb.get("/health"));
    assertEquals(
        "UP",
        health.getJsonObject("checks").getJsonObject("models").getString("status"),
        health.encode());
    JsonObject native_ = json(sb.get("/api/v1/models"));
    assertTrue(native_.encode().contains("\"all-minilm-l6-v2\""));
    assertTrue(native_.encode().contains("\"tiny-chat\""));
    JsonObject openAi = json(sb.get("/v1/models"));
    assertEquals("list", openAi.getString("object"));
    assertTrue(
        openAi.getJsonArray("data").stream()
            .map(o -> ((JsonObject) o).getString("id"))
            .anyMatch("all-minilm-l6-v2"::equals));
    assertEquals("model", openAi.getJsonArray("data").getJsonObject(0).getString("object"));
  }

  @Test
  void embeddingsAsFloatsAndBase64() throws Exception {
    HttpResponse<String> r =
        sb.post(
            "/v1/embeddings",
            new JsonObject()
                .put("model", "all-minilm-l6-v2")
                .put(
                    "input",
                    new JsonArray().add("a cat sat on the mat").add("the weather is nice")));
    assertEquals(200, r.statusCode(), r.body());
    JsonObject body = json(r);
    assertEquals(2, body.getJsonArray("data").size());
    JsonArray first = body.getJsonArray("data").getJsonObject(0).getJsonArray("embedding");
    assertEquals(384, first.size());
    double norm = 0;
    for (int i = 0; i < first.size(); i++) {
      norm += first.getDouble(i) * first.getDouble(i);
    }
    assertEquals(1.0, norm, 1e-3);
    assertTrue(body.getJsonObject("usage").getInteger("prompt_tokens") > 0);

    // The bundled model is dynamically quantized: activations are scaled per batch, so a text
    // batched with others differs slightly from the same text alone. Compare like with like.
    HttpResponse<String> single =
        sb.post(
            "/v1/embeddings",
            new JsonObject().put("model", "all-minilm-l6-v2").put("input", "a cat sat on the mat"));
    JsonArray alone = json(single).getJsonArray("data").getJsonObject(0).getJsonArray("embedding");
    double cosine = 0;
    for (int i = 0; i < alone.size(); i++) {
      cosine += alone.getDouble(i) * first.getDouble(i);
    }
    assertTrue(cosine > 0.98, "batched and single embeddings diverge: cosine " + cosine);

    HttpResponse<String> b64 =
        sb.post(
            "/v1/embeddings",
            new JsonObject()
                .put("model", "all-minilm-l6-v2")
                .put("input", "a cat sat on the mat")
                .put("encoding_format", "base64"));
    assertEquals(200, b64.statusCode(), b64.body());
    byte[] bytes =
        Base64.getDecoder()
            .decode(json(b64).getJsonArray("data").getJsonObject(0).getString("embedding"));
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(384 * 4, bytes.length);
    for (int i = 0; i < 384; i++) {
      assertEquals(alone.getDouble(i), buf.getFloat(i * 4), 1e-6);
    }
  }

  @Test
  void badEmbeddingRequestsSayWhatIsWrong() throws Exception {
    assertEquals(
        404,
        sb.post("/v1/embeddings", new JsonObject().put("model", "nope").put("input", "x"))
            .statusCode());
    HttpResponse<String> r =
        sb.post(
            "/v1/embeddings",
            new JsonObject()
                .put("model", "all-minilm-l6-v2")
                .put("input", new JsonArray().add(new JsonArray().add(1).add(2))));
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("token arrays are not supported"), r.body());
    r =
        sb.post(
            "/v1/embeddings",
            new JsonObject()
                .put("model", "all-minilm-l6-v2")
                .put("input", "x")
                .put("dimensions", 64));
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("dimensions"), r.body());
    r =
        sb.post(
            "/v1/embeddings",
            new JsonObject()
                .put("model", "all-minilm-l6-v2")
                .put("input", "x")
                .put("temperature", 1));
    assertEquals(400, r.statusCode());
    assertTrue(
        json(r)
            .getJsonObject("error")
            .getString("message")
            .startsWith("body.temperature: unknown field, not supported"),
        r.body());
    assertEquals("temperature", json(r).getJsonObject("error").getString("param"));
    assertEquals("invalid_request_error", json(r).getJsonObject("error").getString("type"));
    r = sb.post("/v1/embeddings", new JsonObject().put("model", "tiny-chat").put("input", "x"));
    assertEquals(404, r.statusCode(), r.body());
  }

  @Test
  void aPluginGeneratesWithAHostedModelAndStreamsIt() throws Exception {
    awaitLoaded("tiny-chat");
    JsonObject input =
        new JsonObject()
            .put("model", "tiny-chat")
            .put(
                "messages",
                new JsonArray().add(new JsonObject().put("role", "user").put("content", "hello")))
            .put("params", new JsonObject().put("maxTokens", 8).put("temperature", 0.0));
    HttpResponse<String> r =
        sb.post(
            "/api/v1/tasks/chat", new JsonObject().put("plugin", "model-chat").put("input", input));
    assertEquals(200, r.statusCode(), r.body());
    JsonObject result = json(r);
    assertEquals("tiny-chat", result.getString("model"));
    assertTrue(result.getJsonObject("usage").getInteger("completionTokens") > 0);
    assertTrue(
        result.getString("finishReason").equals("length")
            || result.getString("finishReason").equals("stop"));

    // Greedy decoding is deterministic through the whole stack.
    HttpResponse<String> again =
        sb.post(
            "/api/v1/tasks/chat", new JsonObject().put("plugin", "model-chat").put("input", input));
    assertEquals(
        result.getJsonObject("message").getString("content"),
        json(again).getJsonObject("message").getString("content"));
  }

  @Test
  void registerUnloadAndLoadAtRunTime() throws Exception {
    Path folder = elsewhere.resolve("tiny-two");
    RandomCheckpoint.create(folder, "tiny", 11);
    HttpResponse<String> r =
        sb.post(
            "/api/v1/models",
            new JsonObject().put("name", "tiny-two").put("path", folder.toString()));
    assertEquals(201, r.statusCode(), r.body());
    awaitLoaded("tiny-two");
    assertEquals(
        409,
        sb.post(
                "/api/v1/models",
                new JsonObject().put("name", "tiny-two").put("path", folder.toString()))
            .statusCode());
    assertEquals(
        400,
        sb.post("/api/v1/models", new JsonObject().put("name", "x").put("path", "relative/path"))
            .statusCode());
    assertEquals(
        400,
        sb.post(
                "/api/v1/models",
                new JsonObject().put("name", "y").put("path", elsewhere.toString()))
            .statusCode());

    assertEquals(
        "UNLOADED", json(sb.post("/api/v1/models/tiny-two/unload", "")).getString("state"));
    JsonObject input =
        new JsonObject()
            .put("model", "tiny-two")
            .put(
                "messages",
                new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")))
            .put("params", new JsonObject().put("maxTokens", 2));
    HttpResponse<String> unloaded =
        sb.post(
            "/api/v1/tasks/chat", new JsonObject().put("plugin", "model-chat").put("input", input));
    assertEquals(503, unloaded.statusCode(), unloaded.body());
    assertEquals("unavailable", errorCode(unloaded));
    assertEquals("LOADED", json(sb.post("/api/v1/models/tiny-two/load", "")).getString("state"));
    assertEquals(
        200,
        sb.post(
                "/api/v1/tasks/chat",
                new JsonObject().put("plugin", "model-chat").put("input", input))
            .statusCode());
  }

  private static void awaitLoaded(String name) throws Exception {
    String state = "";
    for (int i = 0; i < 300 && !state.equals("LOADED"); i++) {
      state = json(sb.get("/api/v1/models/" + name)).getString("state");
      if (state.equals("FAILED")) {
        throw new AssertionError(sb.get("/api/v1/models/" + name).body());
      }
      Thread.sleep(100);
    }
    assertEquals("LOADED", state);
  }
}
