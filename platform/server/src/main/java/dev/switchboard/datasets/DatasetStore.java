package dev.switchboard.datasets;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.conversations.Cursor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Datasets and their examples in PostgreSQL: create, list, insert, page, edit, bulk edit. */
public final class DatasetStore {

  private static final int INSERT_CHUNK = 1000;

  private final Pool pool;

  public DatasetStore(Pool pool) {
    this.pool = pool;
  }

  /** The pool, for the services built on this store. */
  Pool pool() {
    return pool;
  }

  /** Creates a dataset; a taken name is a 409. */
  public Future<Dataset> create(String name, Task task, String description, List<String> labels) {
    return pool.preparedQuery(
            "INSERT INTO datasets (name, task, description, labels) VALUES ($1, $2, $3, $4)"
                + " RETURNING id, name, task, description, labels, created_at")
        .execute(
            Tuple.of(
                name,
                task.wireName(),
                description,
                labels == null ? null : labels.toArray(new String[0])))
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof PgException pg && "23505".equals(pg.getSqlState())
                        ? new TaskException(
                            ErrorCode.CONFLICT, "a dataset named " + name + " exists")
                        : e))
        .map(rows -> dataset(rows.iterator().next()));
  }

  /** A dataset, or a 404. */
  public Future<Dataset> get(String id) {
    UUID uuid = parse(id, "dataset");
    return pool.preparedQuery(
            "SELECT id, name, task, description, labels, created_at FROM datasets WHERE id = $1")
        .execute(Tuple.of(uuid))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw TaskException.notFound("unknown dataset " + id);
              }
              return dataset(rows.iterator().next());
            });
  }

  /** A page of datasets, oldest first, each with its example count. */
  public Future<JsonObject> list(String after, int limit) {
    Cursor cursor = after == null ? null : Cursor.decode(after);
    List<Object> args = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
            "SELECT d.id, d.name, d.task, d.description, d.labels, d.created_at,"
                + " (SELECT count(*) FROM examples e WHERE e.dataset_id = d.id) AS examples"
                + " FROM datasets d WHERE true");
    if (cursor != null) {
      args.add(cursor.at());
      args.add(cursor.id());
      sql.append(" AND (d.created_at, d.id) > ($1, $2)");
    }
    args.add(limit + 1);
    sql.append(" ORDER BY d.created_at, d.id LIMIT $").append(args.size());
    return pool.preparedQuery(sql.toString())
        .execute(Tuple.from(args))
        .map(
            rows ->
                Cursor.page(
                    rows,
                    limit,
                    row -> dataset(row).toJson().put("exampleCount", row.getLong("examples")),
                    "created_at"));
  }

  /**
   * Inserts examples in order, in one transaction, with the given status.
   *
   * @return how many were inserted
   */
  public Future<Integer> insert(UUID datasetId, List<ExampleDraft> drafts, String status) {
    if (drafts.isEmpty()) {
      return Future.succeededFuture(0);
    }
    // Rows of one transaction would share now(); explicit microsecond steps keep the import's
    // order as the list order.
    OffsetDateTime base = OffsetDateTime.now(ZoneOffset.UTC);
    List<List<Tuple>> chunks = new ArrayList<>();
    List<Tuple> current = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      ExampleDraft d = drafts.get(i);
      OffsetDateTime at = base.plusNanos(i * 1_000L);
      current.add(
          Tuple.from(
              new Object[] {
                datasetId,
                d.text(),
                d.input(),
                d.output(),
                d.label(),
                status,
                d.split(),
                d.source(),
                d.contentHash(),
                at
              }));
      if (current.size() == INSERT_CHUNK) {
        chunks.add(current);
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    String sql =
        "INSERT INTO examples (dataset_id, text, input, output, label, status, split, source,"
            + " content_hash, created_at, updated_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)";
    return pool.withTransaction(
        conn -> {
          Future<Void> chain = Future.succeededFuture();
          for (List<Tuple> chunk : chunks) {
            chain = chain.compose(x -> conn.preparedQuery(sql).executeBatch(chunk).mapEmpty());
          }
          return chain.map(x -> drafts.size());
        });
  }

  /** Inserts one example and returns it in its API form. */
  public Future<JsonObject> insertOne(UUID datasetId, ExampleDraft d, String status) {
    return pool.preparedQuery(
            "INSERT INTO examples AS e (dataset_id, text, input, output, label, status, split,"
                + " source, content_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING "
                + ExampleRows.COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  datasetId,
                  d.text(),
                  d.input(),
                  d.output(),
                  d.label(),
                  status,
                  d.split(),
                  d.source(),
                  d.contentHash()
                }))
        .map(rows -> ExampleRows.toJson(rows.iterator().next()));
  }

  /** A page of a dataset's examples in insertion order. */
  public Future<JsonObject> examples(
      UUID datasetId, ExampleFilter filter, String after, int limit) {
    Cursor cursor = after == null ? null : Cursor.decode(after);
    List<Object> args = new ArrayList<>();
    args.add(datasetId);
    StringBuilder sql =
        new StringBuilder(
            "SELECT " + ExampleRows.COLUMNS + " FROM examples e WHERE e.dataset_id = $1");
    filter.append(sql, args);
    if (cursor != null) {
      args.add(cursor.at());
      args.add(cursor.id());
      sql.append(" AND (e.created_at, e.id) > ($")
          .append(args.size() - 1)
          .append(", $")
          .append(args.size())
          .append(")");
    }
    args.add(limit + 1);
    sql.append(" ORDER BY e.created_at, e.id LIMIT $").append(args.size());
    return pool.preparedQuery(sql.toString())
        .execute(Tuple.from(args))
        .map(rows -> Cursor.page(rows, limit, ExampleRows::toJson, "created_at"));
  }

  /** One example with its dataset, or a 404. */
  public Future<JsonObject> example(String id) {
    UUID uuid = parse(id, "example");
    return pool.preparedQuery("SELECT " + ExampleRows.COLUMNS + " FROM examples e WHERE e.id = $1")
        .execute(Tuple.of(uuid))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw TaskException.notFound("unknown example " + id);
              }
              return ExampleRows.toJson(rows.iterator().next());
            });
  }

  /**
   * Edits one example: {@code text}, {@code label}, {@code output} (a string answer or an object),
   * {@code status}, {@code split} (null clears it). The first edit of an output keeps the original
   * in {@code source.originalOutput}: with the edit it makes a preference pair.
   */
  public Future<JsonObject> patch(String id, JsonObject changes) {
    UUID uuid = parse(id, "example");
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "SELECT "
                        + ExampleRows.COLUMNS
                        + ", d.task, d.name, d.labels, d.description, d.created_at AS d_created"
                        + " FROM examples e JOIN datasets d ON d.id = e.dataset_id"
                        + " WHERE e.id = $1 FOR UPDATE OF e")
                .execute(Tuple.of(uuid))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.failedFuture(TaskException.notFound("unknown example " + id));
                      }
                      Row row = rows.iterator().next();
                      Dataset dataset =
                          new Dataset(
                              row.getUUID("dataset_id"),
                              row.getString("name"),
                              Task.parse(row.getString("task")),
                              row.getString("description"),
                              labels(row),
                              row.getOffsetDateTime("d_created"));
                      return update(conn, uuid, dataset, ExampleRows.toJson(row), changes);
                    }));
  }

  private Future<JsonObject> update(
      SqlConnection conn, UUID id, Dataset dataset, JsonObject current, JsonObject changes) {
    ExampleEdit edit = ExampleEdit.apply(dataset, current, changes);
    return conn.preparedQuery(
            "UPDATE examples e SET text = $2, input = $3, output = $4, label = $5, status = $6,"
                + " split = $7, source = $8, content_hash = $9, updated_at = now() WHERE e.id = $1"
                + " RETURNING "
                + ExampleRows.COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  id,
                  edit.draft().text(),
                  edit.draft().input(),
                  edit.draft().output(),
                  edit.draft().label(),
                  edit.status(),
                  edit.draft().split(),
                  edit.draft().source(),
                  edit.draft().contentHash()
                }))
        .map(rows -> ExampleRows.toJson(rows.iterator().next()));
  }

  /**
   * Sets {@code label}, {@code status} and/or {@code split} on every example the filter matches.
   *
   * @return how many changed
   */
  public Future<Integer> bulk(Dataset dataset, ExampleFilter filter, JsonObject set) {
    List<Object> args = new ArrayList<>();
    args.add(dataset.id());
    List<String> assignments = new ArrayList<>();
    // openapi.yaml has checked the fields and their values; the column names are still never
    // taken from the request unchecked.
    for (String field : set.fieldNames()) {
      Object value = set.getValue(field);
      switch (field) {
        case "label" -> {
          if (!dataset.allows((String) value)) {
            throw TaskException.invalid("label '" + value + "' is not in the dataset's label set");
          }
        }
        case "status", "split" -> {}
        default -> throw new IllegalArgumentException("not an example column: " + field);
      }
      args.add(value);
      assignments.add(field + " = $" + args.size());
    }
    StringBuilder sql =
        new StringBuilder("UPDATE examples e SET ")
            .append(String.join(", ", assignments))
            .append(", updated_at = now() WHERE e.dataset_id = $1");
    filter.append(sql, args);
    return pool.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(RowSet::rowCount);
  }

  static Dataset dataset(Row row) {
    return new Dataset(
        row.getUUID("id"),
        row.getString("name"),
        Task.parse(row.getString("task")),
        row.getString("description"),
        labels(row),
        row.getOffsetDateTime("created_at"));
  }

  private static List<String> labels(Row row) {
    String[] labels = row.getArrayOfStrings("labels");
    return labels == null ? null : List.copyOf(Arrays.asList(labels));
  }

  static UUID parse(String id, String what) {
    try {
      return UUID.fromString(id);
    } catch (RuntimeException e) {
      throw TaskException.notFound("unknown " + what + " " + id);
    }
  }
}
