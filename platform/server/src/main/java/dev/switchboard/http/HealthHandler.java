package dev.switchboard.http;

import dev.switchboard.db.Database;
import dev.switchboard.models.HostedModel;
import dev.switchboard.models.ModelService;
import dev.switchboard.plugins.PluginHost;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /health}: UP once the database answers and every built-in plugin started; 503 with the
 * failing checks otherwise.
 */
final class HealthHandler {

  private final Database database;
  private final PluginHost plugins;
  private final ModelService models;

  HealthHandler(Database database, PluginHost plugins, ModelService models) {
    this.database = database;
    this.plugins = plugins;
    this.models = models;
  }

  void handle(RoutingContext ctx) {
    Future<JsonObject> db =
        database
            .ping()
            .timeout(2, TimeUnit.SECONDS)
            .map(x -> check(true, new JsonObject().put("embedded", database.isEmbedded())))
            .otherwise(
                err ->
                    check(false, new JsonObject().put("error", String.valueOf(err.getMessage()))));
    db.onComplete(
        ar -> {
          JsonObject database = ar.result();
          List<String> failed = plugins.failedBuiltins();
          JsonObject pluginCheck =
              check(
                  failed.isEmpty(),
                  new JsonObject()
                      .put("plugins", plugins.list().size())
                      .put("failedBuiltins", failed));
          boolean bundledReady =
              models.list().stream()
                  .anyMatch(
                      m ->
                          m.name().equals(ModelService.BUNDLED_EMBEDDING)
                              && m.state() == HostedModel.State.LOADED);
          JsonObject modelStates = new JsonObject();
          models.list().forEach(m -> modelStates.put(m.name(), m.state().name()));
          JsonObject modelCheck =
              check(bundledReady && models.settled(), new JsonObject().put("models", modelStates));
          boolean up =
              database.getString("status").equals("UP")
                  && failed.isEmpty()
                  && modelCheck.getString("status").equals("UP");
          ctx.response()
              .setStatusCode(up ? 200 : 503)
              .putHeader("content-type", "application/json")
              .putHeader("cache-control", "no-store")
              .end(
                  new JsonObject()
                      .put("status", up ? "UP" : "DOWN")
                      .put(
                          "checks",
                          new JsonObject()
                              .put("database", database)
                              .put("plugins", pluginCheck)
                              .put("models", modelCheck))
                      .encode());
        });
  }

  private static JsonObject check(boolean up, JsonObject details) {
    return new JsonObject().put("status", up ? "UP" : "DOWN").put("details", details);
  }
}
