package dev.switchboard.http;

import dev.switchboard.api.Principal;
import dev.switchboard.conversations.ConversationStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/conversations} (keyset pages, {@code ?q=} full-text search), {@code GET
 * /api/v1/conversations/{id}} (with messages and feedback) and {@code POST
 * /api/v1/messages/{id}/feedback} {@code {"rating":1|-1,"reason":".."}}.
 */
final class ConversationHandlers {

  private final ConversationStore store;

  ConversationHandlers(ConversationStore store) {
    this.store = store;
  }

  void mount(Router router) {
    router.get("/api/v1/conversations").handler(this::list);
    router
        .get("/api/v1/conversations/:id")
        .handler(ctx -> TaskHandlers.respond(ctx, store.get(ctx.pathParam("id"), owner(ctx))));
    router.post("/api/v1/messages/:id/feedback").handler(this::feedback);
  }

  private void list(RoutingContext ctx) {
    int limit = Pages.limit(ctx);
    TaskHandlers.respond(
        ctx,
        store.list(ctx.queryParams().get("after"), limit, ctx.queryParams().get("q"), owner(ctx)));
  }

  /**
   * A key without the admin scope sees only the conversations made with it; admins and dev mode see
   * all.
   */
  private static String owner(RoutingContext ctx) {
    return ChatTurns.owner(ctx.get(Principals.KEY, Principal.ANONYMOUS));
  }

  private void feedback(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    Principal principal = ctx.get(Principals.KEY, Principal.ANONYMOUS);
    var stored =
        store.feedback(
            ctx.pathParam("id"),
            body.getInteger("rating"),
            body.getString("reason"),
            principal,
            owner(ctx));
    stored.onSuccess(x -> ctx.response().setStatusCode(201));
    TaskHandlers.respond(ctx, stored);
  }
}
