package dev.switchboard.datasets;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a dataset's duplicate clusters (see {@link DuplicateFinder}) over its non-rejected
 * examples; the hashing runs on a worker thread.
 */
public final class DuplicateService {

  /** The default Jaccard threshold for near duplicates. */
  public static final double DEFAULT_THRESHOLD = 0.8;

  /** The default MinHash signature length. */
  public static final int DEFAULT_PERMUTATIONS = 128;

  private final Vertx vertx;
  private final Pool pool;

  public DuplicateService(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  public Future<JsonObject> find(Dataset dataset, double threshold, int permutations, int limit) {
    DuplicateFinder finder = new DuplicateFinder(threshold, permutations);
    return pool.preparedQuery(
            "SELECT e.id, e.text, e.label, e.status, e.split, e.content_hash FROM examples e"
                + " WHERE e.dataset_id = $1 AND e.status <> 'rejected' ORDER BY e.created_at, e.id")
        .execute(Tuple.of(dataset.id()))
        .compose(
            rows -> {
              List<DuplicateFinder.Item> items = new ArrayList<>(rows.size());
              for (Row row : rows) {
                JsonObject json =
                    new JsonObject()
                        .put("id", row.getUUID("id").toString())
                        .put("text", row.getString("text"))
                        .put("label", row.getString("label"))
                        .put("status", row.getString("status"))
                        .put("split", row.getString("split"));
                String hash = row.getString("content_hash");
                items.add(
                    new DuplicateFinder.Item(
                        json,
                        row.getString("text"),
                        hash == null ? row.getUUID("id").toString() : hash));
              }
              return vertx.executeBlocking(() -> finder.find(items, limit), false);
            });
  }
}
