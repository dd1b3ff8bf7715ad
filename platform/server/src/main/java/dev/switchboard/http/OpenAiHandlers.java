package dev.switchboard.http;

import dev.switchboard.api.TaskException;
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
import java.util.Set;

/** The OpenAI-compatible endpoints: {@code GET /v1/models} and {@code POST /v1/embeddings}. */
final class OpenAiHandlers {

  private static final int MAX_INPUTS = 2048;
  private static final Set<String> EMBEDDING_FIELDS =
      Set.of("model", "input", "encoding_format", "user", "dimensions");

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
    JsonObject body = Bodies.object(ctx);
    for (String field : body.fieldNames()) {
      if (!EMBEDDING_FIELDS.contains(field)) {
        throw TaskException.invalid("'" + field + "' is not supported by /v1/embeddings");
      }
    }
    String model = Bodies.string(body, "model");
    List<String> inputs = inputs(body.getValue("input"));
    String format =
        body.getValue("encoding_format") == null ? "float" : Bodies.string(body, "encoding_format");
    if (!format.equals("float") && !format.equals("base64")) {
      throw TaskException.invalid("'encoding_format' must be float or base64");
    }
    EmbeddingModelHandle handle = models.embeddingModel(model);
    Long dimensions = Bodies.optLong(body, "dimensions", 1, 65536);
    if (dimensions != null && dimensions != handle.dimension()) {
      throw TaskException.invalid(
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

  private static List<String> inputs(Object input) {
    List<String> out = new ArrayList<>();
    if (input instanceof String s) {
      out.add(s);
    } else if (input instanceof JsonArray array) {
      if (array.isEmpty() || array.size() > MAX_INPUTS) {
        throw TaskException.invalid("'input' must hold 1 to " + MAX_INPUTS + " strings");
      }
      for (int i = 0; i < array.size(); i++) {
        if (!(array.getValue(i) instanceof String s)) {
          throw TaskException.invalid(
              "'input[" + i + "]' must be a string; token arrays are not supported");
        }
        out.add(s);
      }
    } else {
      throw TaskException.invalid("'input' must be a string or an array of strings");
    }
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).isEmpty()) {
        throw TaskException.invalid("'input[" + i + "]' must not be empty");
      }
    }
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
