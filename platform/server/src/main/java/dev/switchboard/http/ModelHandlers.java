package dev.switchboard.http;

import dev.switchboard.models.HostedModel;
import dev.switchboard.models.ModelService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;

/** {@code /api/v1/models}: list, register a local folder, load, unload. */
final class ModelHandlers {

  private final ModelService models;

  ModelHandlers(ModelService models) {
    this.models = models;
  }

  void mount(Router router) {
    router.get("/api/v1/models").handler(this::list);
    router
        .get("/api/v1/models/:name")
        .handler(ctx -> ctx.json(models.get(ctx.pathParam("name")).toJson()));
    router.post("/api/v1/models").handler(this::register);
    router
        .post("/api/v1/models/:name/load")
        .handler(
            ctx ->
                TaskHandlers.respond(
                    ctx, models.load(ctx.pathParam("name")).map(HostedModel::toJson)));
    router
        .post("/api/v1/models/:name/unload")
        .handler(
            ctx ->
                TaskHandlers.respond(
                    ctx, models.unload(ctx.pathParam("name")).map(HostedModel::toJson)));
  }

  private void list(RoutingContext ctx) {
    JsonArray items = new JsonArray();
    models.list().forEach(m -> items.add(m.toJson()));
    ctx.json(new JsonObject().put("items", items).put("next", null));
  }

  /** {@code {"name":"..","path":"/abs/folder"}} → 201 with the model (state LOADING). */
  private void register(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    Future<JsonObject> registered =
        models
            .register(body.getString("name"), Path.of(body.getString("path")))
            .map(HostedModel::toJson);
    registered.onSuccess(x -> ctx.response().setStatusCode(201));
    TaskHandlers.respond(ctx, registered);
  }
}
