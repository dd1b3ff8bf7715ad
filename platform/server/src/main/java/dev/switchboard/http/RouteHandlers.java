package dev.switchboard.http;

import dev.switchboard.routing.Route;
import dev.switchboard.routing.RouteStore;
import dev.switchboard.routing.RoutingTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** {@code GET/PUT /api/v1/routes}: the routing table, replaced whole and persisted. */
final class RouteHandlers {

  private final RouteStore store;
  private final AtomicReference<RoutingTable> table;

  RouteHandlers(RouteStore store, AtomicReference<RoutingTable> table) {
    this.store = store;
    this.table = table;
  }

  void mount(Router router) {
    router.get("/api/v1/routes").handler(ctx -> ctx.json(toJson(table.get())));
    router.put("/api/v1/routes").handler(this::replace);
  }

  /** {@code {"routes":[{task, plugin, extension?, model?, weight?, shadow?, config?}]}}. */
  private void replace(RoutingContext ctx) {
    JsonArray raw = Bodies.object(ctx).getJsonArray("routes");
    List<Route> routes = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      Route route = Route.fromJson(raw.getJsonObject(i));
      String key =
          route.task() + "/" + route.pluginId() + "/" + route.extension() + "/" + route.shadow();
      if (!seen.add(key)) {
        throw new FieldError(
            "routes[" + i + "]", "routes[" + i + "] repeats a route for the same task and plugin");
      }
      routes.add(route);
    }
    TaskHandlers.respond(
        ctx,
        store
            .replace(routes)
            .map(
                updated -> {
                  table.set(updated);
                  return toJson(updated);
                }));
  }

  private static JsonObject toJson(RoutingTable table) {
    JsonArray routes = new JsonArray();
    table.routes().forEach(r -> routes.add(r.toJson()));
    return new JsonObject().put("routes", routes);
  }
}
