package dev.switchboard.routing;

import dev.switchboard.api.TaskType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Persists the routing table in the {@code routes} table. */
public final class RouteStore {

  private final Pool pool;

  public RouteStore(Pool pool) {
    this.pool = pool;
  }

  /** Loads every route. */
  public Future<RoutingTable> load() {
    return pool.query(
            "SELECT task, plugin_id, extension, model, weight, shadow, config FROM routes"
                + " ORDER BY task, shadow, plugin_id")
        .execute()
        .map(
            rows -> {
              List<Route> routes = new ArrayList<>();
              for (Row row : rows) {
                routes.add(
                    new Route(
                        TaskType.fromWireName(row.getString("task")).orElseThrow(),
                        row.getString("plugin_id"),
                        row.getString("extension"),
                        row.getString("model"),
                        row.getInteger("weight"),
                        row.getBoolean("shadow"),
                        row.getJsonObject("config")));
              }
              return new RoutingTable(routes);
            });
  }

  /** Replaces the whole table in one transaction. */
  public Future<RoutingTable> replace(List<Route> routes) {
    return pool.withTransaction(
            conn ->
                conn.query("DELETE FROM routes")
                    .execute()
                    .compose(
                        ignored -> {
                          if (routes.isEmpty()) {
                            return Future.succeededFuture();
                          }
                          List<Tuple> batch = new ArrayList<>();
                          for (Route r : routes) {
                            batch.add(
                                Tuple.of(
                                    r.task().wireName(),
                                    r.pluginId(),
                                    r.extension(),
                                    r.model(),
                                    r.weight(),
                                    r.shadow(),
                                    r.config()));
                          }
                          return conn.preparedQuery(
                                  "INSERT INTO routes (task, plugin_id, extension, model, weight,"
                                      + " shadow, config) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                              .executeBatch(batch)
                              .mapEmpty();
                        }))
        .map(ignored -> new RoutingTable(routes));
  }
}
