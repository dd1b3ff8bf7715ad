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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the production eval log: pages of routed requests (newest first) filtered by plugin, model,
 * task, time and the feedback their answers got, and latency statistics per plugin and model with
 * PostgreSQL's {@code percentile_cont}.
 *
 * <p>Feedback is joined at query time: a chat answer is stored as a message carrying the request id
 * of the routed request that produced it, and feedback is given on that message. A live entry's
 * feedback is the feedback on the messages with its request id; shadow copies have none (nobody saw
 * their answers).
 */
public final class EvalLogQueries {

  /** Entries by the feedback their answers got. */
  public enum FeedbackFilter {
    /** At least one rating of +1. */
    POSITIVE("f.rating = 1"),
    /** At least one rating of -1. */
    NEGATIVE("f.rating = -1"),
    /** Any feedback. */
    ANY("true"),
    /** No feedback (shadow copies, requests that stored no answer, unrated answers). */
    NONE("true");

    private final String condition;

    FeedbackFilter(String condition) {
      this.condition = condition;
    }

    /** Parses {@code positive|negative|any|none}; null stays null; anything else is a 400. */
    public static FeedbackFilter parse(String raw) {
      if (raw == null) {
        return null;
      }
      return switch (raw) {
        case "positive" -> POSITIVE;
        case "negative" -> NEGATIVE;
        case "any" -> ANY;
        case "none" -> NONE;
        default ->
            throw TaskException.invalid("'feedback' must be positive, negative, any or none");
      };
    }

    private String sql() {
      return (this == NONE ? " AND NOT EXISTS (" : " AND EXISTS (")
          + "SELECT 1 FROM messages m JOIN feedback f ON f.message_id = m.id"
          + " WHERE m.request_id = l.request_id AND NOT l.shadow AND "
          + condition
          + ")";
    }
  }

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
   * @param feedback the feedback the answer got (null: regardless)
   */
  public record Filter(
      String plugin,
      String model,
      String task,
      String from,
      String to,
      Boolean shadow,
      String user,
      FeedbackFilter feedback) {

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
      if (feedback != null) {
        sql.append(feedback.sql());
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
                + " l.input, l.output, l.user_name, l.created_at, msg.id AS message_id,"
                + " msg.conversation_id,"
                + " (SELECT json_agg(json_build_object('rating', f.rating, 'reason', f.reason,"
                + " 'createdAt', f.created_at) ORDER BY f.created_at, f.id)"
                + " FROM messages m JOIN feedback f ON f.message_id = m.id"
                + " WHERE m.request_id = l.request_id AND NOT l.shadow) AS feedback"
                + " FROM eval_log l LEFT JOIN LATERAL (SELECT m.id, m.conversation_id FROM messages m"
                + " WHERE m.request_id = l.request_id AND NOT l.shadow ORDER BY m.created_at, m.id"
                + " LIMIT 1) msg ON true WHERE true");
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
   * latency percentiles (continuous, in ms), token totals, and how many entries got positive and
   * negative feedback.
   */
  public Future<JsonObject> stats(Filter filter) {
    return latency(filter)
        .compose(
            items ->
                feedbackCounts(filter)
                    .map(
                        counts -> {
                          for (Object o : items) {
                            JsonObject item = (JsonObject) o;
                            JsonObject c =
                                counts.get(key(item.getString("plugin"), item.getString("model")));
                            item.put(
                                "feedback",
                                c == null
                                    ? new JsonObject().put("positive", 0L).put("negative", 0L)
                                    : c);
                          }
                          return new JsonObject().put("items", items);
                        }));
  }

  private Future<JsonArray> latency(Filter filter) {
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
              return items;
            });
  }

  /**
   * Entries with positive and negative feedback per plugin and model, driven from the feedback
   * table (small) rather than by probing every entry in the window.
   */
  private Future<Map<List<String>, JsonObject>> feedbackCounts(Filter filter) {
    List<Object> args = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
            "SELECT l.plugin_id, l.model,"
                + " count(DISTINCT l.id) FILTER (WHERE f.rating = 1) AS positive,"
                + " count(DISTINCT l.id) FILTER (WHERE f.rating = -1) AS negative"
                + " FROM feedback f JOIN messages m ON m.id = f.message_id"
                + " JOIN eval_log l ON l.request_id = m.request_id AND NOT l.shadow WHERE true");
    filter.append(sql, args);
    sql.append(" GROUP BY l.plugin_id, l.model");
    return pool.preparedQuery(sql.toString())
        .execute(Tuple.from(args))
        .map(
            rows -> {
              Map<List<String>, JsonObject> out = new HashMap<>();
              for (Row row : rows) {
                out.put(
                    key(row.getString("plugin_id"), row.getString("model")),
                    new JsonObject()
                        .put("positive", row.getLong("positive"))
                        .put("negative", row.getLong("negative")));
              }
              return out;
            });
  }

  private static List<String> key(String plugin, String model) {
    return Arrays.asList(plugin, model);
  }

  private static JsonObject entry(Row row) {
    Object feedback = row.getValue("feedback");
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
        .put("createdAt", row.getOffsetDateTime("created_at").toString())
        .put("messageId", str(row.getUUID("message_id")))
        .put("conversationId", str(row.getUUID("conversation_id")))
        .put("feedback", feedback == null ? new JsonArray() : feedback);
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
