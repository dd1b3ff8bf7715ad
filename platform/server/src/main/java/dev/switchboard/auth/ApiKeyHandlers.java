package dev.switchboard.auth;

import dev.switchboard.api.Principal;
import dev.switchboard.http.Bodies;
import dev.switchboard.http.Principals;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The admin API for keys: {@code POST /api/v1/keys} (the response is the only place the key ever
 * appears), {@code GET /api/v1/keys} (keyset pages), {@code GET /api/v1/keys/{id}} and {@code
 * DELETE /api/v1/keys/{id}} (revoke). {@link AuthHandler} has already required the admin scope.
 */
final class ApiKeyHandlers {

  private final ApiKeys keys;

  ApiKeyHandlers(ApiKeys keys) {
    this.keys = keys;
  }

  void mount(Router router) {
    router.post("/api/v1/keys").handler(this::create);
    router.get("/api/v1/keys").handler(this::list);
    router
        .get("/api/v1/keys/:id")
        .handler(ctx -> json(ctx, 200, keys.get(ctx.pathParam("id")).map(ApiKey::toJson)));
    router.delete("/api/v1/keys/:id").handler(this::revoke);
  }

  private void create(RoutingContext ctx) {
    KeyRequest request = KeyRequest.fromJson(Bodies.object(ctx));
    // The body holds a secret: no cache, proxy or browser history may keep it.
    ctx.response().putHeader("Cache-Control", "no-store");
    json(ctx, 201, keys.create(request, actor(ctx)).map(IssuedKey::toJson));
  }

  private void list(RoutingContext ctx) {
    // The spec has checked both: limit a whole number from 1 to 200, includeRevoked a boolean.
    String limit = ctx.queryParams().get("limit");
    Integer n = limit == null || limit.isEmpty() ? null : Integer.valueOf(limit);
    boolean revoked = "true".equals(ctx.queryParams().get("includeRevoked"));
    json(ctx, 200, keys.list(ctx.queryParams().get("after"), n, revoked).map(KeyPage::toJson));
  }

  private void revoke(RoutingContext ctx) {
    keys.revoke(ctx.pathParam("id"), actor(ctx))
        .onSuccess(k -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static Actor actor(RoutingContext ctx) {
    return Actor.of(ctx.get(Principals.KEY, Principal.ANONYMOUS));
  }

  private static void json(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onComplete(
        ar -> {
          if (ar.succeeded()) {
            ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(ar.result().toBuffer());
          } else {
            ctx.fail(ar.cause());
          }
        });
  }
}
