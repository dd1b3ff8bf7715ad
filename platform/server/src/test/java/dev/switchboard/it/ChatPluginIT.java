package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.errorCode;
import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.runtime.store.RandomCheckpoint;
import dev.switchboard.testing.PluginJarBuilder;
import dev.switchboard.testing.ServerFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in chat plugin end to end on a random-weight checkpoint: HTTP → router → the chat
 * plugin → the hosted model, streamed and not, with memory from stored turns, a system prompt,
 * sources retrieved through a sub-task, plugin tools and client tools. Random weights write
 * gibberish, so the checks are on structure: streamed text, usage, finish reasons, the shape of the
 * citations, and prompt sizes that show what reached the model.
 */
class ChatPluginIT {

  @TempDir static Path home;
  @TempDir static Path jars;
  static ServerFixture sb;

  @BeforeAll
  static void start() throws Exception {
    RandomCheckpoint.create(home.resolve("models/tiny"), "tiny", 5);
    sb = ServerFixture.start(home);
    assertEquals(201, sb.upload("/api/v1/plugins", toolPlugin(jars), "t.jar").statusCode());
    assertEquals(201, sb.upload("/api/v1/plugins", loopPlugin(jars), "l.jar").statusCode());
    awaitLoaded("tiny");
    HttpResponse<String> ingest =
        sb.post(
            "/api/v1/collections/capitals/documents",
            new JsonObject()
                .put(
                    "documents",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("id", "fr")
                                .put("text", "Paris is the capital of France."))
                        .add(
                            new JsonObject()
                                .put("id", "de")
                                .put("text", "Berlin is the capital of Germany."))));
    assertTrue(ingest.statusCode() < 300, ingest.body());
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  private static final Set<String> FINISHED = Set.of("stop", "length");

  /**
   * The tiny checkpoint's context is 512 tokens of mostly single characters, and the template's
   * tool instructions alone take most of it: checks of what else reaches the prompt offer no tools.
   */
  private static JsonObject noTools() {
    return new JsonObject().put("hostTools", new JsonArray());
  }

  private static JsonObject input(String text, JsonObject extra) {
    JsonObject input =
        new JsonObject()
            .put(
                "messages",
                new JsonArray().add(new JsonObject().put("role", "user").put("content", text)))
            .put("params", new JsonObject().put("maxTokens", 6).put("temperature", 0.0));
    if (extra != null) {
      input.put("extra", extra);
    }
    return input;
  }

  private static JsonObject chat(JsonObject input) throws Exception {
    HttpResponse<String> r =
        sb.post("/api/v1/tasks/chat", new JsonObject().put("plugin", "chat").put("input", input));
    assertEquals(200, r.statusCode(), r.body());
    JsonObject result = json(r);
    assertEquals("assistant", result.getJsonObject("message").getString("role"));
    assertTrue(FINISHED.contains(result.getString("finishReason")), result.encode());
    assertTrue(result.getJsonObject("usage").getInteger("completionTokens") > 0, result.encode());
    return result;
  }

  private static int promptTokens(JsonObject result) {
    return result.getJsonObject("usage").getInteger("promptTokens");
  }

  @Test
  void answersWithTheDefaultChatModel() throws Exception {
    JsonObject result = chat(input("hello there", null));
    assertEquals("tiny", result.getString("model"));
    assertTrue(promptTokens(result) > 0);
    assertTrue(result.getJsonObject("usage").getInteger("completionTokens") <= 6);
    JsonObject again = chat(input("hello there", null));
    assertEquals(
        result.getJsonObject("message").getString("content"),
        again.getJsonObject("message").getString("content"),
        "greedy decoding is deterministic through the plugin");
  }

  @Test
  void streamsTheSameTextItReturns() throws Exception {
    HttpResponse<String> r =
        sb.send(
            HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/tasks/chat"))
                .header("content-type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("plugin", "chat")
                            .put("stream", true)
                            .put("input", input("tell me a story", null))
                            .encode())));
    assertEquals(200, r.statusCode(), r.body());
    List<String> data = new ArrayList<>();
    for (String line : r.body().split("\n")) {
      if (line.startsWith("data: ")) {
        data.add(line.substring(6));
      }
    }
    assertEquals("[DONE]", data.get(data.size() - 1), r.body());
    JsonObject result = new JsonObject(data.get(data.size() - 2));
    StringBuilder streamed = new StringBuilder();
    for (String chunk : data.subList(0, data.size() - 2)) {
      streamed.append(new JsonObject(chunk).getString("delta"));
    }
    assertTrue(data.size() > 3, "streamed in pieces: " + data);
    assertEquals(result.getJsonObject("message").getString("content"), streamed.toString());
    assertTrue(FINISHED.contains(result.getString("finishReason")), result.encode());
    assertTrue(result.getJsonObject("usage").getInteger("completionTokens") > 0);
  }

  @Test
  void remembersTheEarlierTurnsOfAConversation() throws Exception {
    JsonObject alone = chat(input("and then?", noTools()));
    HttpResponse<String> first =
        sb.post(
            "/api/v1/tasks/chat",
            new JsonObject()
                .put("plugin", "chat")
                .put("input", input("my name is Ada", noTools())));
    assertEquals(200, first.statusCode(), first.body());
    String conversation = json(first).getString("conversationId");
    assertTrue(conversation != null, first.body());

    JsonObject followUp = chat(input("and then?", noTools()).put("conversationId", conversation));
    assertTrue(
        promptTokens(followUp) > promptTokens(alone),
        "the stored turn is in the prompt: "
            + promptTokens(followUp)
            + " vs "
            + promptTokens(alone));

    // A tight memory budget drops the earlier turn again.
    JsonObject trimmed =
        chat(
            input("and then?", noTools().put("memoryTokens", promptTokens(alone)))
                .put("conversationId", conversation));
    assertEquals(promptTokens(alone), promptTokens(trimmed));
  }

  @Test
  void theSystemPromptReachesTheModel() throws Exception {
    JsonObject plain = chat(input("hi", noTools()));
    // Longer than the default system prompt the template adds when there is none.
    String prompt = "You are a terse pirate. ".repeat(8);
    JsonObject prompted = chat(input("hi", noTools().put("systemPrompt", prompt)));
    assertTrue(
        promptTokens(prompted) > promptTokens(plain),
        promptTokens(prompted) + " vs " + promptTokens(plain));
  }

  @Test
  void groundsAnswersInACollectionAndReturnsCitationMetadata() throws Exception {
    JsonObject plain = chat(input("What is the capital of France?", noTools()));
    JsonObject grounded =
        chat(
            input(
                "What is the capital of France?",
                noTools().put("collection", "capitals").put("topK", 2)));

    assertTrue(promptTokens(grounded) > promptTokens(plain), "the sources are in the prompt");
    JsonObject metadata = grounded.getJsonObject("metadata");
    assertEquals("capitals", metadata.getString("collection"));
    JsonArray retrieved = metadata.getJsonArray("retrieved");
    assertEquals(2, retrieved.size(), metadata.encode());
    for (int i = 0; i < retrieved.size(); i++) {
      JsonObject source = retrieved.getJsonObject(i);
      assertEquals(i + 1, source.getInteger("index"));
      for (String key : List.of("documentId", "chunkId", "text", "start", "end", "score")) {
        assertTrue(source.containsKey(key), key + " in " + source.encode());
      }
      assertTrue(Set.of("fr", "de").contains(source.getString("documentId")));
    }
    assertEquals("fr", retrieved.getJsonObject(0).getString("documentId"));
    // Random weights cite nothing on purpose; whatever they cite must be a retrieved source.
    for (Object cited : metadata.getJsonArray("citations")) {
      assertTrue(retrieved.contains(cited), metadata.encode());
    }

    JsonObject missing = chat(input("hi", noTools().put("collection", "no-such-collection")));
    assertTrue(
        missing.getJsonObject("metadata").getString("retrievalError").contains("no-such"),
        missing.encode());
  }

  @Test
  void offersPluginToolsAndTheClientsToTheModel() throws Exception {
    JsonObject none = chat(input("hi", noTools()));
    JsonObject withPluginTool = chat(input("hi", null));
    assertTrue(
        promptTokens(withPluginTool) > promptTokens(none),
        "the tool plugin's tool is rendered into the prompt");

    JsonObject clientTool =
        new JsonObject()
            .put("name", "lookup")
            .put("description", "Looks a word up")
            .put(
                "parameters",
                new JsonObject()
                    .put("type", "object")
                    .put(
                        "properties",
                        new JsonObject().put("word", new JsonObject().put("type", "string"))));
    JsonObject withClientTool =
        chat(input("hi", noTools()).put("tools", new JsonArray().add(clientTool)));
    assertTrue(promptTokens(withClientTool) > promptTokens(none));

    // The memory budget counts the tools: with them on offer, the earlier turn no longer fits.
    HttpResponse<String> first =
        sb.post(
            "/api/v1/tasks/chat",
            new JsonObject()
                .put("plugin", "chat")
                .put("input", input("remember the number forty-two please", noTools())));
    String conversation = json(first).getString("conversationId");
    JsonObject budget = new JsonObject().put("memoryTokens", promptTokens(withPluginTool) + 5);
    JsonObject followUp = chat(input("hi", budget).put("conversationId", conversation));
    assertEquals(promptTokens(withPluginTool), promptTokens(followUp));
  }

  @Test
  void pluginsReachEveryPluginsToolsAndRunSubTasksThroughTheRouter() throws Exception {
    HttpResponse<String> r =
        sb.post(
            "/api/v1/tasks/chat",
            new JsonObject().put("plugin", "toolbox").put("input", input("go", null)));
    assertEquals(200, r.statusCode(), r.body());
    JsonObject metadata = json(r).getJsonObject("metadata");
    assertTrue(metadata.getString("tools").contains("echo_tool"), metadata.encode());
    JsonObject tool = metadata.getJsonObject("tool");
    assertEquals(1, tool.getJsonObject("echo").getInteger("x"));
    assertEquals("none", tool.getString("greeting"), "the tool runs with its own plugin's config");
    assertEquals("not_found", metadata.getString("missingTool"));
    assertTrue(metadata.getString("subTask", "").contains("capital"), metadata.encode());
  }

  @Test
  void aPluginThatCallsItselfThroughSubTasksIsStopped() throws Exception {
    assertEquals(
        200,
        sb.put(
                "/api/v1/routes",
                new JsonObject()
                    .put(
                        "routes",
                        new JsonArray()
                            .add(new JsonObject().put("task", "retrieve").put("plugin", "loop"))))
            .statusCode());
    try {
      long start = System.nanoTime();
      HttpResponse<String> r =
          sb.post(
              "/api/v1/retrieve",
              new JsonObject().put("collection", "any").put("query", "round and round"));
      assertEquals(409, r.statusCode(), r.body());
      assertEquals("conflict", errorCode(r));
      assertTrue(r.body().contains("nest"), r.body());
      assertTrue(
          (System.nanoTime() - start) / 1_000_000 < 10_000, "stopped well before the deadline");
    } finally {
      sb.put("/api/v1/routes", new JsonObject().put("routes", new JsonArray()));
    }
  }

  @Test
  void theRoutesConfigReachesThePlugin() throws Exception {
    JsonObject plain = chat(input("hi", noTools()));
    JsonObject config =
        noTools().put("systemPrompt", "You answer in rhymes, like a poet of old. ".repeat(4));
    JsonObject routes =
        new JsonObject()
            .put(
                "routes",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("task", "chat")
                            .put("plugin", "chat")
                            .put("config", config)));
    HttpResponse<String> put = sb.put("/api/v1/routes", routes);
    assertEquals(200, put.statusCode(), put.body());
    try {
      JsonObject routed = chat(input("hi", null));
      assertTrue(
          promptTokens(routed) > promptTokens(plain),
          promptTokens(routed) + " vs " + promptTokens(plain));
    } finally {
      sb.put("/api/v1/routes", new JsonObject().put("routes", new JsonArray()));
    }
  }

  @Test
  void theOpenAiEndpointIsServedByTheChatPlugin() throws Exception {
    JsonObject body =
        new JsonObject()
            .put("model", "tiny")
            .put(
                "messages",
                new JsonArray().add(new JsonObject().put("role", "user").put("content", "hello")))
            .put("max_tokens", 5)
            .put("temperature", 0);
    HttpResponse<String> r = sb.post("/v1/chat/completions", body);
    assertEquals(200, r.statusCode(), r.body());
    JsonObject completion = json(r);
    JsonObject choice = completion.getJsonArray("choices").getJsonObject(0);
    assertEquals("assistant", choice.getJsonObject("message").getString("role"));
    assertTrue(Set.of("stop", "length").contains(choice.getString("finish_reason")), r.body());
    assertTrue(completion.getJsonObject("usage").getInteger("completion_tokens") > 0, r.body());

    HttpResponse<String> streamed =
        sb.post("/v1/chat/completions", body.copy().put("stream", true));
    assertEquals(200, streamed.statusCode(), streamed.body());
    StringBuilder text = new StringBuilder();
    for (String line : streamed.body().split("\n")) {
      if (line.startsWith("data: {")) {
        JsonArray choices = new JsonObject(line.substring(6)).getJsonArray("choices");
        if (choices != null && !choices.isEmpty()) {
          JsonObject delta = choices.getJsonObject(0).getJsonObject("delta");
          if (delta != null && delta.getString("content") != null) {
            text.append(delta.getString("content"));
          }
        }
      }
    }
    assertTrue(streamed.body().contains("data: [DONE]"), streamed.body());
    assertEquals(choice.getJsonObject("message").getString("content"), text.toString());
  }

  /** A plugin with a tool and a chat handler that uses the tool box and a retrieval sub-task. */
  static Path toolPlugin(Path dir) throws Exception {
    String tool =
        """
        package it.toolbox;

        import dev.switchboard.api.TaskContext;
        import dev.switchboard.api.agent.*;
        import io.vertx.core.Future;
        import io.vertx.core.json.JsonObject;

        @org.pf4j.Extension
        public class EchoTool implements Tool {
          @Override
          public ToolSpec spec() {
            return new ToolSpec("echo_tool", "Echoes its arguments back", new JsonObject()
                .put("type", "object")
                .put("properties", new JsonObject().put("x", new JsonObject().put("type", "integer"))));
          }

          @Override
          public Future<JsonObject> invoke(JsonObject arguments, TaskContext ctx) {
            return Future.succeededFuture(new JsonObject()
                .put("echo", arguments)
                .put("greeting", ctx.config().getString("greeting", "none")));
          }
        }
        """;
    String chat =
        """
        package it.toolbox;

        import dev.switchboard.api.TaskContext;
        import dev.switchboard.api.TaskException;
        import dev.switchboard.api.agent.ToolSpec;
        import dev.switchboard.api.chat.*;
        import dev.switchboard.api.retrieve.*;
        import io.vertx.core.Future;
        import io.vertx.core.json.JsonObject;
        import java.util.stream.Collectors;

        @org.pf4j.Extension
        public class ToolCaller implements ChatHandler {
          @Override
          public Future<ChatResult> chat(ChatRequest request, TaskContext ctx) {
            JsonObject metadata = new JsonObject().put("tools",
                ctx.tools().specs().stream().map(ToolSpec::name).collect(Collectors.joining(",")));
            return ctx.tools().invoke("echo_tool", new JsonObject().put("x", 1))
                .compose(result -> {
                  metadata.put("tool", result);
                  return ctx.tools().invoke("no_such_tool", new JsonObject())
                      .transform(ar -> {
                        metadata.put("missingTool", ar.failed() && ar.cause() instanceof TaskException e
                            ? e.code().wireName() : "?");
                        return ctx.subtasks().retrieve(
                            new RetrieveRequest("capitals", "capital", 1, null));
                      });
                })
                .transform(ar -> {
                  if (ar.succeeded()) {
                    metadata.put("subTask", ar.result().isEmpty() ? "capital: none" : ar.result().get(0).text());
                  } else {
                    metadata.put("subTaskError", String.valueOf(ar.cause()));
                  }
                  return Future.succeededFuture(new ChatResult(
                      ChatMessage.of("assistant", "ok"), null, "stop", null, metadata));
                });
          }
        }
        """;
    return PluginJarBuilder.plugin("toolbox")
        .source("it.toolbox.EchoTool", tool, true)
        .source("it.toolbox.ToolCaller", chat, true)
        .build(dir.resolve("toolbox"));
  }

  /** A retriever that retrieves through the router, which routes back to it. */
  static Path loopPlugin(Path dir) throws Exception {
    String code =
        """
        package it.loop;

        import dev.switchboard.api.TaskContext;
        import dev.switchboard.api.retrieve.*;
        import io.vertx.core.Future;
        import java.util.List;

        @org.pf4j.Extension
        public class Loop implements Retriever {
          @Override
          public Future<List<RetrievedChunk>> retrieve(RetrieveRequest request, TaskContext ctx) {
            return ctx.subtasks().retrieve(request);
          }

          @Override
          public Future<IngestResult> ingest(IngestRequest request, TaskContext ctx) {
            return Future.failedFuture(new UnsupportedOperationException());
          }
        }
        """;
    return PluginJarBuilder.plugin("loop")
        .source("it.loop.Loop", code, true)
        .build(dir.resolve("loop"));
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
