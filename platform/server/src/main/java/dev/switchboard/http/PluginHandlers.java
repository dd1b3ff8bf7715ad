package dev.switchboard.http;

import dev.switchboard.api.TaskException;
import dev.switchboard.plugins.PluginHost;
import dev.switchboard.plugins.PluginInfo;
import dev.switchboard.plugins.PluginUpload;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.List;

/**
 * The plugin lifecycle under {@code /api/v1/plugins}: list, upload, enable, disable, reload,
 * delete.
 */
final class PluginHandlers {

  private final PluginHost host;
  private final Path uploadsDir;
  private final long maxPluginBytes;

  PluginHandlers(PluginHost host, Path uploadsDir, long maxPluginBytes) {
    this.host = host;
    this.uploadsDir = uploadsDir;
    this.maxPluginBytes = maxPluginBytes;
  }

  void mount(Router router) {
    router.get("/api/v1/plugins").handler(this::list);
    router
        .get("/api/v1/plugins/:id")
        .handler(ctx -> json(ctx, Future.succeededFuture(host.get(ctx.pathParam("id")).toJson())));
    router
        .post("/api/v1/plugins")
        .handler(
            BodyHandler.create(uploadsDir.toString())
                .setBodyLimit(maxPluginBytes)
                .setHandleFileUploads(true)
                .setDeleteUploadedFilesOnEnd(true))
        .handler(this::upload);
    router
        .post("/api/v1/plugins/:id/enable")
        .handler(ctx -> json(ctx, host.enable(ctx.pathParam("id")).map(PluginInfo::toJson)));
    router
        .post("/api/v1/plugins/:id/disable")
        .handler(ctx -> json(ctx, host.disable(ctx.pathParam("id")).map(PluginInfo::toJson)));
    router
        .post("/api/v1/plugins/:id/reload")
        .handler(ctx -> json(ctx, host.reload(ctx.pathParam("id")).map(PluginInfo::toJson)));
    router
        .delete("/api/v1/plugins/:id")
        .handler(
            ctx ->
                host.uninstall(ctx.pathParam("id"))
                    .onSuccess(x -> ctx.response().setStatusCode(204).end())
                    .onFailure(ctx::fail));
  }

  private void list(RoutingContext ctx) {
    JsonArray items = new JsonArray();
    host.list().forEach(p -> items.add(p.toJson()));
    json(ctx, Future.succeededFuture(new JsonObject().put("items", items).put("next", null)));
  }

  /** Multipart with one file part (any field name); {@code ?replace=true} swaps an installed id. */
  private void upload(RoutingContext ctx) {
    List<FileUpload> files = ctx.fileUploads();
    if (files.size() != 1) {
      throw TaskException.invalid("upload exactly one plugin file as multipart/form-data");
    }
    FileUpload file = files.get(0);
    boolean replace = "true".equals(ctx.queryParams().get("replace"));
    Future<JsonObject> installed =
        ctx.vertx()
            .executeBlocking(
                () -> PluginUpload.inspect(Path.of(file.uploadedFileName()), file.fileName()))
            .compose(upload -> host.install(upload, replace))
            .map(PluginInfo::toJson);
    installed.onSuccess(x -> ctx.response().setStatusCode(201));
    json(ctx, installed);
  }

  private static void json(RoutingContext ctx, Future<JsonObject> result) {
    TaskHandlers.respond(ctx, result);
  }
}
