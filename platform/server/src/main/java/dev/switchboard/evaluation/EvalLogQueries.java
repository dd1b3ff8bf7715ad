package dev.switchboard.evaluation;

import dev.switchboard.api.TaskException;
import dev.switchboard.conversations.Cursor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the production eval log: pages of routed requests (newest first) filtered by plugin, model,
 * task, status and time, and latency statistics per plugin and model with PostgreSQL's {@code
 * percentile_cont}.
 */
public final class EvalLogQueries {

  /**
   * The filters.
   *
   * @param plugin a plugin id
   * @param model a model name
   * @param task chat, classify or retrieve
   * @param from earliest time (inclusive), ISO-8601
   * @param to latest time (exclusive), ISO-8601
   * @param shadow whether shadow copies (null: both)
   * @param user the user the request was made for ({@code eval-run:<id>} for an eval run's)
   */
  public record Filter(
      String plugin,
      String model,
      String task,
      String from,
      String to,
      Boolean shadow,
      String user) {

    void append(StringBuilder sql, List<Object> args) {
      if (plugin != null) {
        args.add(plugin);
        sql.append(" AND l.plugin_id = $").append(args.size());
      }
      if (model != null) {
        args.add(model);
        sql.append(" AND l.model = $").append(args.size());
      }
      if (task != null) {
        args.add(task);
        sql.append(" AND l.task = $").append(args.size());
      }
      if (from != null) {
        args.add(time(from, "from"));
        sql.append(" AND l.created_at >= $").append(args.size());
      }
      if (to != null) {
        args.add(time(to, "to"));
        sql.append(" AND l.created_at < $").append(args.size());
      }
      if (shadow != null) {
        args.add(shadow);
        sql.append(" AND l.shadow = $").append(args.size());
      }
      if (user != null) {
        args.add(user);
        sql.append(" AND l.user_name = $").append(args.size());
      }
    }

    private static OffsetDateTime time(String raw, String field) {
      try {
        return OffsetDateTime.parse(raw);
      } catch (DateTimeParseException e) {
        throw TaskException.invalid(
            "'" + field + "' must be an ISO-8601 time with offset, like 2026-01-31T12:00:00Z");
      }
    }
  }

  private final Pool pool;

  public EvalLogQueries(Pool pool) {
    this.pool = pool;
  }

  /** A page of entries, newest first. */
  public Future<JsonObject> page(Filter filter, String after, int limit) {
    Cursor cursor = after == null ? null : Cursor.decode(after);
    List<Object> args = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
            "SELECT l.id, l.request_id, l.task, l.plugin_id, l.extension, l.model, l.status,"
                + " l.error_code, l.latency_ms, l.prompt_tokens, l.completion_tokens, l.shadow,"
                + " l.input, l.output, l.user_name, l.created_at FROM eval_log l WHERE true");
    filter.append(sql, args);
    if (cursor != null) {
      args.add(cursor.at());
      args.add(cursor.id());
      sql.append(" AND (l.created_at, l.id) < ($")
          .append(args.size() - 1)
          .append(", $")
          .append(args.size())
          .append(")");
    }
    args.add(limit + 1);
    sql.append(" ORDER BY l.created_at DESC, l.id DESC LIMIT $").append(args.size());
    return pool.preparedQuery(sql.toString())
        .execute(Tuple.from(args))
        .map(rows -> Cursor.page(rows, limit, EvalLogQueries::entry, "created_at"));
  }

  /**
   * Per plugin and model: request and error counts, mean latency and the 50th/90th/95th/99th
   * latency percentiles (continuous, in ms), and token totals.
   */
  public Future<JsonObject> stats(Filter filter) {
    List<Object> args = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
            "SELECT l.plugin_id, l.model, count(*) AS requests,"
                + " count(*) FILTER (WHERE l.status >= 400) AS errors,"
                + " avg(l.latency_ms)::float8 AS mean,"
                + " percentile_cont(ARRAY[0.5, 0.9, 0.95, 0.99]) WITHIN GROUP (ORDER BY l.latency_ms)"
                + " AS percentiles,"
                + " coalesce(sum(l.prompt_tokens), 0) AS prompt_tokens,"
                + " coalesce(sum(l.completion_tokens), 0) AS completion_tokens"
                + " FROM eval_log l WHERE true");
    filter.append(sql, args);
    sql.append(" GROUP BY l.plugin_id, l.model ORDER BY count(*) DESC, l.plugin_id, l.model");
    return pool.preparedQuery(sql.toString())
        .execute(Tuple.from(args))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              for (Row row : rows) {
                Double[] p = row.getArrayOfDoubles("percentiles");
                items.add(
                    new JsonObject()
                        .put("plugin", row.getString("plugin_id"))
                        .put("model", row.getString("model"))
                        .put("requests", row.getLong("requests"))
                        .put("errors", row.getLong("errors"))
                        .put(
                            "latencyMs",
                            new JsonObject()
                                .put("mean", row.getDouble("mean"))
                                .put("p50", p[0])
                                .put("p90", p[1])
                                .put("p95", p[2])
                                .put("p99", p[3]))
                        .put("promptTokens", row.getLong("prompt_tokens"))
                        .put("completionTokens", row.getLong("completion_tokens")));
              }
              return new JsonObject().put("items", items);
            });
  }

  private static JsonObject entry(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("requestId", row.getString("request_id"))
        .put("task", row.getString("task"))
        .put("plugin", row.getString("plugin_id"))
        .put("extension", row.getString("extension"))
        .put("model", row.getString("model"))
        .put("status", row.getInteger("status"))
        .put("errorCode", row.getString("error_code"))
        .put("latencyMs", row.getInteger("latency_ms"))
        .put("promptTokens", row.getInteger("prompt_tokens"))
        .put("completionTokens", row.getInteger("completion_tokens"))
        .put("shadow", row.getBoolean("shadow"))
        .put("input", row.getValue("input"))
        .put("output", row.getValue("output"))
        .put("user", row.getString("user_name"))
        .put("createdAt", row.getOffsetDateTime("created_at").toString());
  }
}
