package dev.switchboard.datasets;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Assigns train/validation/test to a dataset's non-rejected examples, stratified by label (see
 * {@link Splitter}), and writes all assignments in one statement.
 */
public final class SplitService {

  private final Vertx vertx;
  private final Pool pool;

  public SplitService(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /**
   * Splits the dataset.
   *
   * @param onlyUnassigned whether examples that already have a split keep it
   * @return {@code {"train":n,"validation":n,"test":n,"byLabel":{label:{train,validation,test}}}}
   */
  public Future<JsonObject> split(Dataset dataset, Splitter splitter, boolean onlyUnassigned) {
    String sql =
        "SELECT id, label FROM examples WHERE dataset_id = $1 AND status <> 'rejected'"
            + (onlyUnassigned ? " AND split IS NULL" : "");
    return pool.preparedQuery(sql)
        .execute(Tuple.of(dataset.id()))
        .compose(
            rows -> {
              List<Splitter.Item> items = new ArrayList<>(rows.size());
              for (Row row : rows) {
                items.add(new Splitter.Item(row.getUUID("id"), row.getString("label")));
              }
              // Sorting a large dataset is CPU work the event loop should not do.
              return vertx
                  .executeBlocking(() -> splitter.assign(items), false)
                  .compose(assigned -> write(assigned).map(x -> summary(items, assigned)));
            });
  }

  private Future<Void> write(Map<UUID, String> assigned) {
    if (assigned.isEmpty()) {
      return Future.succeededFuture();
    }
    UUID[] ids = assigned.keySet().toArray(new UUID[0]);
    String[] splits = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      splits[i] = assigned.get(ids[i]);
    }
    return pool.preparedQuery(
            "UPDATE examples e SET split = v.split, updated_at = now()"
                + " FROM unnest($1::uuid[], $2::text[]) AS v(id, split) WHERE e.id = v.id")
        .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(splits))
        .mapEmpty();
  }

  private static JsonObject summary(List<Splitter.Item> items, Map<UUID, String> assigned) {
    JsonObject totals = new JsonObject();
    for (String s : Splits.NAMES) {
      totals.put(s, 0);
    }
    Map<String, JsonObject> byLabel = new TreeMap<>();
    for (Splitter.Item item : items) {
      String split = assigned.get(item.id());
      totals.put(split, totals.getInteger(split) + 1);
      String label = item.stratum() == null ? "" : item.stratum();
      JsonObject counts =
          byLabel.computeIfAbsent(
              label, k -> new JsonObject().put("train", 0).put("validation", 0).put("test", 0));
      counts.put(split, counts.getInteger(split) + 1);
    }
    JsonObject labels = new JsonObject();
    byLabel.forEach(labels::put);
    return totals.put("byLabel", labels);
  }
}
