package dev.switchboard.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves {@code GET /openapi.yaml}, the OpenAPI 3.1 description of the HTTP API. The document is
 * written by hand next to the handlers; a test checks that it lists exactly the routes served.
 */
final class OpenApiSpec {

  private static final Buffer SPEC = load();

  private OpenApiSpec() {}

  static void serve(RoutingContext ctx) {
    ctx.response()
        .putHeader("content-type", "application/yaml; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .end(SPEC);
  }

  private static Buffer load() {
    try (InputStream in = OpenApiSpec.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the server jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
