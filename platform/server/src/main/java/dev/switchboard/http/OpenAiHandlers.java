package dev.switchboard.http;

import dev.switchboard.api.model.EmbeddingModelHandle;
import dev.switchboard.models.HostedModel;
import dev.switchboard.models.ModelService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/** The OpenAI-compatible endpoints: {@code GET /v1/models} and {@code POST /v1/embeddings}. */
final class OpenAiHandlers {

  private final ModelService models;
  private final long created = System.currentTimeMillis() / 1000;

  OpenAiHandlers(ModelService models) {
    this.models = models;
  }

  void mount(Router router) {
    router.get("/v1/models").handler(this::list);
    router.post("/v1/embeddings").handler(this::embeddings);
  }

  private void list(RoutingContext ctx) {
    JsonArray data = new JsonArray();
    for (HostedModel m : models.list()) {
      data.add(
          new JsonObject()
              .put("id", m.name())
              .put("object", "model")
              .put("created", created)
              .put("owned_by", "switchboard")
              .put("kind", m.kind().wireName())
              .put("state", m.state().name()));
    }
    ctx.json(new JsonObject().put("object", "list").put("data", data));
  }

  private void embeddings(RoutingContext ctx) {
    JsonObject body = withoutNulls(Bodies.object(ctx));
    List<String> inputs = inputs(body.getValue("input"));
    String format = body.getString("encoding_format", "float");
    EmbeddingModelHandle handle = models.embeddingModel(body.getString("model"));
    Integer dimensions = body.getInteger("dimensions");
    if (dimensions != null && dimensions != handle.dimension()) {
      throw new FieldError(
          "dimensions",
          "'dimensions' must equal the model's dimension ("
              + handle.dimension()
              + "); shortening is not supported");
    }
    int tokens = 0;
    for (String input : inputs) {
      tokens += handle.countTokens(input);
    }
    int promptTokens = tokens;
    TaskHandlers.respond(
        ctx,
        handle
            .embedAsync(inputs)
            .map(
                vectors -> {
                  JsonArray data = new JsonArray();
                  for (int i = 0; i < vectors.size(); i++) {
                    data.add(
                        new JsonObject()
                            .put("object", "embedding")
                            .put("index", i)
                            .put(
                                "embedding",
                                format.equals("base64")
                                    ? base64(vectors.get(i))
                                    : floats(vectors.get(i))));
                  }
                  return new JsonObject()
                      .put("object", "list")
                      .put("data", data)
                      .put("model", handle.name())
                      .put(
                          "usage",
                          new JsonObject()
                              .put("prompt_tokens", promptTokens)
                              .put("total_tokens", promptTokens));
                }));
  }

  /** OpenAI's clients send null for a parameter they leave unset: null means absent. */
  static JsonObject withoutNulls(JsonObject body) {
    body.getMap().values().removeIf(Objects::isNull);
    return body;
  }

  /** A string or an array of strings; the spec also lets through OpenAI's token arrays. */
  private static List<String> inputs(Object input) {
    if (input instanceof String s) {
      return List.of(s);
    }
    JsonArray array = (JsonArray) input;
    if (!(array.getValue(0) instanceof String)) {
      throw new FieldError("input", "'input' token arrays are not supported; send text");
    }
    List<String> out = new ArrayList<>();
    array.forEach(s -> out.add((String) s));
    return out;
  }

  private static JsonArray floats(float[] vector) {
    JsonArray out = new JsonArray(new ArrayList<>(vector.length));
    for (float v : vector) {
      out.add((double) v);
    }
    return out;
  }

  private static String base64(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(buffer.array());
  }
}
