package dev.switchboard.http;

import dev.switchboard.api.TaskException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP server instance; the server deploys one per event loop, all sharing the port. Routes:
 * operations ({@code /health}, {@code /metrics}), the native API and the admin API.
 */
public final class HttpVerticle extends VerticleBase {

  private final HttpApi api;
  private HttpServer server;

  public HttpVerticle(HttpApi api) {
    this.api = api;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(RequestIds::assign);
    // CORS, then API keys, scopes and rate limits: before any handler reads a body.
    api.auth().mountGuards(router);
    // Then the spec's checks: parameters before any body is read, the JSON body once it is.
    router.route().handler(api.validation()::checkParameters);
    api.plugins().mount(router);
    api.collections().mountUploads(router);
    router.route().handler(BodyHandler.create(false).setBodyLimit(api.maxBodyBytes()));
    router.route().handler(api.validation()::checkBody);
    router.get("/health").handler(api.health()::handle);
    router.get("/metrics").handler(api.metrics());
    api.tasks().mount(router);
    api.collections().mount(router);
    api.routes().mount(router);
    api.auth().mountAdmin(router);
    api.models().mount(router);
    api.openAi().mount(router);
    api.chatCompletions().mount(router);
    api.conversations().mount(router);
    api.datasets().mount(router);
    api.training().mount(router);
    api.evals().mount(router);
    WebUi.mount(router);
    router.get("/openapi.yaml").handler(api.validation().spec()::serve);
    api.recordRoutes(router);
    router.route().failureHandler(ApiErrors::handleFailure);
    router.errorHandler(
        404,
        ctx ->
            ApiErrors.send(
                ctx,
                TaskException.notFound(
                    "no such resource: " + ctx.request().method() + " " + ctx.request().path())));
    router.errorHandler(
        405,
        ctx ->
            ApiErrors.send(
                ctx,
                TaskException.invalid(
                    "method "
                        + ctx.request().method()
                        + " is not allowed on "
                        + ctx.request().path())));
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(api.host())
                .setPort(api.port())
                .setCompressionSupported(true)
                .setTcpNoDelay(true));
    return server.requestHandler(router).listen();
  }

  @Override
  public Future<?> stop() {
    // Stop accepting, let in-flight requests finish (bounded), then close.
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
