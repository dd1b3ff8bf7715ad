package dev.switchboard.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI 3.1 description of the HTTP API, {@code openapi.yaml} in the server jar: served at
 * {@code GET /openapi.yaml} as written, and read as a JSON tree for {@link RequestValidation}. It
 * is written by hand next to the handlers; a test checks that it lists exactly the routes served.
 */
final class OpenApiSpec {

  private final Buffer yaml;
  private final JsonObject document;

  private OpenApiSpec(Buffer yaml, JsonObject document) {
    this.yaml = yaml;
    this.document = document;
  }

  /** Reads the document from the class path; blocking, so once at start-up. */
  static OpenApiSpec load() {
    try (InputStream in = OpenApiSpec.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the server jar");
      }
      byte[] bytes = in.readAllBytes();
      Object tree =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(new String(bytes, StandardCharsets.UTF_8));
      return new OpenApiSpec(Buffer.buffer(bytes), (JsonObject) json(tree));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document as JSON; callers must not change it. */
  JsonObject document() {
    return document;
  }

  /**
   * What a reference into this document points to: {@code #/components/schemas/Name}, or the same
   * as vertx-openapi writes it ({@code app:///#/...}); null when it points nowhere.
   */
  JsonObject referenced(String ref) {
    int hash = ref.indexOf('#');
    if (hash < 0 || (hash > 0 && !ref.startsWith("app:///"))) {
      return null;
    }
    Object current = document;
    for (String segment : ref.substring(hash + 1).split("/")) {
      if (!segment.isEmpty()) {
        String key = segment.replace("~1", "/").replace("~0", "~");
        current = current instanceof JsonObject o ? o.getValue(key) : null;
      }
    }
    return current instanceof JsonObject target ? target : null;
  }

  /** The node, or what its {@code $ref} points to. */
  JsonObject dereferenced(JsonObject node) {
    return node != null && node.getValue("$ref") instanceof String ref ? referenced(ref) : node;
  }

  void serve(RoutingContext ctx) {
    ctx.response()
        .putHeader("content-type", "application/yaml; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .end(yaml);
  }

  /** YAML maps may have non-string keys (a bare {@code 200:}); JSON keys are strings. */
  private static Object json(Object yaml) {
    if (yaml instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), json(v)));
      return new JsonObject(out);
    }
    if (yaml instanceof List<?> list) {
      JsonArray out = new JsonArray();
      list.forEach(v -> out.add(json(v)));
      return out;
    }
    return yaml;
  }
}
