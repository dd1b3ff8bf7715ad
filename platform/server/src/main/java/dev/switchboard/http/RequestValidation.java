package dev.switchboard.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Map;

/**
 * Checks every request against {@code openapi.yaml} before a handler sees it, so the document is
 * the one description of what a request may hold. The contract is loaded and compiled once at
 * start-up: vertx-openapi parses it, checks it against the OpenAPI 3.1 schema and resolves its
 * references, and each operation's schemas are compiled into {@link SchemaCheck}s. Per request
 * there is a map lookup for the operation and one compiled check per parameter and body, on the
 * event loop; only a request that fails is handed to vertx-json-schema, to say why.
 *
 * <p>Two steps: {@link #checkParameters} (path and query) right after authentication, before any
 * body is read, and {@link #checkBody} after the body handler, so the size limit answers 413 first.
 * A JSON body that passes is kept parsed for the handler ({@link Bodies#object}). A failure is a
 * {@link FieldError}: 400 naming the field.
 */
public final class RequestValidation {

  private static final String OPERATION = "sb.operation";

  private final OpenApiSpec spec;
  private final OperationIndex operations;

  private RequestValidation(OpenApiSpec spec, OperationIndex operations) {
    this.spec = spec;
    this.operations = operations;
  }

  /**
   * Reads {@code openapi.yaml} and compiles its request checks.
   *
   * @return fails when the document is not a valid OpenAPI 3.1 contract
   */
  public static Future<RequestValidation> load(Vertx vertx) {
    return vertx
        .executeBlocking(OpenApiSpec::load)
        .compose(
            spec ->
                OpenAPIContract.from(vertx, validatable(spec.document()))
                    .map(
                        contract ->
                            new RequestValidation(spec, OperationIndex.of(contract, spec))));
  }

  OpenApiSpec spec() {
    return spec;
  }

  /** Finds the request's operation and checks its path and query parameters. */
  void checkParameters(RoutingContext ctx) {
    OperationIndex.Match match = operations.find(ctx.request().method(), ctx.normalizedPath());
    if (match != null) {
      match.rules().checkParameters(ctx.queryParams(), match.pathParams());
      ctx.put(OPERATION, match.rules());
    }
    ctx.next();
  }

  /** The operation of {@code method path} with its path parameters, or null if it has none. */
  OperationIndex.Match operation(HttpMethod method, String path) {
    return operations.find(method, path);
  }

  /** Checks the JSON body of the operation found by {@link #checkParameters}. */
  void checkBody(RoutingContext ctx) {
    OperationRules rules = ctx.get(OPERATION);
    if (rules != null) {
      rules.checkBody(ctx);
    }
    ctx.next();
  }

  /**
   * The part of the document vertx-openapi validates: responses are left out (they are not checked,
   * and some use media types it does not know, such as {@code text/event-stream}), and so are
   * request bodies it cannot parse (CSV, JSON Lines), which their handlers read.
   */
  static JsonObject validatable(JsonObject document) {
    JsonObject copy = document.copy();
    for (Map.Entry<String, Object> path : copy.getJsonObject("paths")) {
      for (Map.Entry<String, Object> entry : (JsonObject) path.getValue()) {
        if (!(entry.getValue() instanceof JsonObject operation)
            || !operation.containsKey("responses")) {
          continue;
        }
        operation.put(
            "responses",
            new JsonObject().put("default", new JsonObject().put("description", "see the spec")));
        JsonObject body = operation.getJsonObject("requestBody");
        if (body != null) {
          JsonObject content = body.getJsonObject("content");
          content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
          if (content.isEmpty()) {
            operation.remove("requestBody");
          }
        }
      }
    }
    return copy;
  }
}
