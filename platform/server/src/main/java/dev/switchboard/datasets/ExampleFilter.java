package dev.switchboard.datasets;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which examples of a dataset a list, bulk edit or export means: by status, split ({@code none} for
 * unassigned), label, full-text query ({@code q}, PostgreSQL {@code simple} configuration, all
 * words must match) and explicit ids. Null fields do not filter.
 *
 * @param status pending, approved or rejected
 * @param split train, validation, test or none
 * @param label an exact label
 * @param q a full-text query
 * @param ids explicit example ids
 */
public record ExampleFilter(String status, String split, String label, String q, List<UUID> ids) {

  /** The statuses. */
  public static final Set<String> STATUSES = Set.of("pending", "approved", "rejected");

  /** Validates the values. */
  public ExampleFilter {
    if (status != null && !STATUSES.contains(status)) {
      throw TaskException.invalid("'status' must be pending, approved or rejected");
    }
    if (split != null && !"none".equals(split) && !Splits.NAMES.contains(split)) {
      throw TaskException.invalid("'split' must be train, validation, test or none");
    }
    q = q == null || q.isBlank() ? null : q;
  }

  /** No filter. */
  public static ExampleFilter all() {
    return new ExampleFilter(null, null, null, null, null);
  }

  /** Reads the JSON form of a bulk request's filter, whose types {@code openapi.yaml} checks. */
  public static ExampleFilter fromJson(JsonObject json) {
    if (json == null) {
      return all();
    }
    List<UUID> ids = null;
    JsonArray raw = json.getJsonArray("ids");
    if (raw != null) {
      try {
        ids = raw.stream().map(o -> UUID.fromString((String) o)).toList();
      } catch (RuntimeException e) {
        throw TaskException.invalid("'filter.ids' must be example ids");
      }
    }
    return new ExampleFilter(
        json.getString("status"),
        json.getString("split"),
        json.getString("label"),
        json.getString("q"),
        ids);
  }

  /**
   * Appends {@code AND ...} conditions on table alias {@code e} to {@code sql}, adding their
   * arguments to {@code args}.
   */
  public void append(StringBuilder sql, List<Object> args) {
    if (status != null) {
      args.add(status);
      sql.append(" AND e.status = $").append(args.size());
    }
    if ("none".equals(split)) {
      sql.append(" AND e.split IS NULL");
    } else if (split != null) {
      args.add(split);
      sql.append(" AND e.split = $").append(args.size());
    }
    if (label != null) {
      args.add(label);
      sql.append(" AND e.label = $").append(args.size());
    }
    if (q != null) {
      args.add(q);
      sql.append(" AND e.text_tsv @@ plainto_tsquery('simple', $").append(args.size()).append(")");
    }
    if (ids != null) {
      args.add(ids.toArray(new UUID[0]));
      sql.append(" AND e.id = ANY($").append(args.size()).append(")");
    }
  }
}
