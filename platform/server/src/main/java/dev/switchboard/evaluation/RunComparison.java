package dev.switchboard.evaluation;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.List;

/**
 * Compares two finished runs: the delta of every top-level numeric metric ({@code run - other}),
 * and per example (matched by example id) a win when this run's primary score is higher, a loss
 * when lower. The changed examples are listed, at most {@link #MAX_LISTED}.
 */
public final class RunComparison {

  static final int MAX_LISTED = 500;

  private final EvalRunStore store;

  public RunComparison(EvalRunStore store) {
    this.store = store;
  }

  /** The comparison; 409 unless both runs succeeded. */
  public Future<JsonObject> compare(String runId, String otherId) {
    return store
        .get(runId)
        .compose(
            run ->
                store
                    .get(otherId)
                    .compose(
                        other -> {
                          for (JsonObject r : List.of(run, other)) {
                            if (!"succeeded".equals(r.getString("status"))) {
                              return Future.failedFuture(
                                  new TaskException(
                                      ErrorCode.CONFLICT,
                                      "eval run "
                                          + r.getString("id")
                                          + " is "
                                          + r.getString("status")
                                          + "; only succeeded runs compare"));
                            }
                          }
                          return store
                              .paired(EvalRunStore.parse(runId), EvalRunStore.parse(otherId))
                              .map(rows -> compare(run, other, rows));
                        }));
  }

  static JsonObject compare(JsonObject run, JsonObject other, List<Row> rows) {
    JsonObject deltas = deltas(run.getJsonObject("metrics"), other.getJsonObject("metrics"));
    int wins = 0;
    int losses = 0;
    int ties = 0;
    JsonArray changed = new JsonArray();
    for (Row row : rows) {
      double a = row.getDouble("a_score") == null ? 0 : row.getDouble("a_score");
      double b = row.getDouble("b_score") == null ? 0 : row.getDouble("b_score");
      String outcome;
      if (a > b + 1e-12) {
        wins++;
        outcome = "win";
      } else if (b > a + 1e-12) {
        losses++;
        outcome = "loss";
      } else {
        ties++;
        continue;
      }
      if (changed.size() < MAX_LISTED) {
        changed.add(
            new JsonObject()
                .put("exampleId", row.getUUID("example_id").toString())
                .put("expected", row.getValue("expected"))
                .put("outcome", outcome)
                .put(
                    "run", new JsonObject().put("actual", row.getValue("a_actual")).put("score", a))
                .put(
                    "other",
                    new JsonObject().put("actual", row.getValue("b_actual")).put("score", b)));
      }
    }
    return new JsonObject()
        .put("run", run.getString("id"))
        .put("other", other.getString("id"))
        .put("metrics", deltas)
        .put("compared", rows.size())
        .put("wins", wins)
        .put("losses", losses)
        .put("ties", ties)
        .put("changed", changed);
  }

  /** {@code {name:{"run","other","delta"}}} for every top-level number both runs report. */
  static JsonObject deltas(JsonObject a, JsonObject b) {
    JsonObject out = new JsonObject();
    if (a == null || b == null) {
      return out;
    }
    for (String key : a.fieldNames()) {
      if (a.getValue(key) instanceof Number x && b.getValue(key) instanceof Number y) {
        out.put(
            key,
            new JsonObject()
                .put("run", x.doubleValue())
                .put("other", y.doubleValue())
                .put("delta", x.doubleValue() - y.doubleValue()));
      }
    }
    return out;
  }
}
