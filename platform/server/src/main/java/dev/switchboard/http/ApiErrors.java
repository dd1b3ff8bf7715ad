package dev.switchboard.http;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes every error in the one error model: {@code {"error":{"code","message","requestId"}}}. */
public final class ApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  /** The router's failure handler: maps whatever failed to the error model. */
  public static void handleFailure(RoutingContext ctx) {
    TaskException error = toTaskException(ctx.failure(), ctx.statusCode());
    if (error.code() == ErrorCode.INTERNAL && ctx.failure() != null) {
      LOG.atError()
          .addKeyValue("requestId", RequestIds.of(ctx))
          .addKeyValue("path", ctx.request().path())
          .setCause(ctx.failure())
          .log("request failed");
    }
    send(ctx, error);
  }

  /** Answers with an error, unless the response has already started. */
  public static void send(RoutingContext ctx, TaskException error) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten() || response.closed()) {
      return;
    }
    response.setStatusCode(error.code().httpStatus()).putHeader("content-type", "application/json");
    // A rate limiter that knows when the next request will pass sets its own Retry-After first.
    if (error.code() == ErrorCode.RATE_LIMITED && response.headers().get("retry-after") == null) {
      response.putHeader("retry-after", "1");
    }
    response.end(body(error, RequestIds.of(ctx)).encode());
  }

  /** The error body. */
  public static JsonObject body(TaskException error, String requestId) {
    JsonObject json =
        new JsonObject()
            .put("code", error.code().wireName())
            .put("message", error.getMessage())
            .put("requestId", requestId)
            // OpenAI clients read the error type (and param); ours map onto theirs.
            .put(
                "type",
                error.code().httpStatus() >= 500 ? "server_error" : "invalid_request_error");
    if (error instanceof FieldError field && field.param() != null) {
      json.put("param", field.param());
    }
    return new JsonObject().put("error", json);
  }

  /** Maps an exception (or a bare status code) to a task exception with a helpful message. */
  public static TaskException toTaskException(Throwable failure, int statusCode) {
    if (failure instanceof TaskException e) {
      return e;
    }
    if (failure instanceof DecodeException) {
      return TaskException.invalid("the body is not valid JSON");
    }
    if (failure instanceof HttpException http) {
      return fromStatus(http.getStatusCode(), http.getPayload());
    }
    if (failure == null && statusCode > 0) {
      return fromStatus(statusCode, null);
    }
    return new TaskException(ErrorCode.INTERNAL, "internal error", failure);
  }

  private static TaskException fromStatus(int status, String detail) {
    return switch (status) {
      case 400 -> TaskException.invalid(detail == null ? "bad request" : detail);
      case 401 -> new TaskException(ErrorCode.UNAUTHENTICATED, "authentication required");
      case 403 -> new TaskException(ErrorCode.FORBIDDEN, "forbidden");
      case 404 -> TaskException.notFound("no such resource");
      case 405 -> new TaskException(ErrorCode.INVALID_INPUT, "method not allowed on this resource");
      case 413 ->
          new TaskException(
              ErrorCode.TOO_LARGE, "the request body is larger than the server accepts");
      case 415 -> TaskException.invalid("unsupported content type");
      case 429 -> new TaskException(ErrorCode.RATE_LIMITED, "too many requests");
      case 503 -> TaskException.unavailable("service unavailable");
      case 504 -> new TaskException(ErrorCode.DEADLINE_EXCEEDED, "the request's deadline passed");
      default -> new TaskException(ErrorCode.INTERNAL, "internal error");
    };
  }
}
