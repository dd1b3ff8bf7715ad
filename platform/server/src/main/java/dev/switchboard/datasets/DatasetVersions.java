package dev.switchboard.datasets;

import dev.switchboard.api.TaskException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Immutable dataset versions. Freezing copies the dataset's examples into {@code
 * dataset_versions.snapshot} in one statement; nothing ever updates a version afterwards, so later
 * edits, splits and deletes of examples never change what a version holds.
 *
 * <p>What is frozen: every example that is not {@code rejected} (approved and pending alike), with
 * the split it has at that moment — {@code "include":"approved"} freezes approved examples only.
 *
 * <p>The snapshot's shape: {@code {"format":1,"task","labels":[..],"include","examples":[{"id",
 * "text","input","output","label","split","status","source"}]}} in the dataset's list order. Read
 * it through {@link #examples(UUID, String)} rather than by hand.
 */
public final class DatasetVersions {

  private static final String FREEZE =
      "INSERT INTO dataset_versions (dataset_id, version, example_count, split_counts, snapshot)"
          + " SELECT $1, $2, count(*),"
          + " jsonb_build_object('train', count(*) FILTER (WHERE e.split = 'train'),"
          + " 'validation', count(*) FILTER (WHERE e.split = 'validation'),"
          + " 'test', count(*) FILTER (WHERE e.split = 'test'),"
          + " 'none', count(*) FILTER (WHERE e.split IS NULL)),"
          + " jsonb_build_object('format', 1, 'task', $3::text, 'include', $4::text,"
          + " 'labels', coalesce((SELECT jsonb_agg(DISTINCT x.label ORDER BY x.label) FROM examples x"
          + " WHERE x.dataset_id = $1 AND x.status = ANY($5) AND x.label IS NOT NULL), '[]'::jsonb),"
          + " 'examples', coalesce(jsonb_agg(jsonb_build_object('id', e.id, 'text', e.text,"
          + " 'input', e.input, 'output', e.output, 'label', e.label, 'split', e.split,"
          + " 'status', e.status, 'source', e.source) ORDER BY e.created_at, e.id), '[]'::jsonb))"
          + " FROM examples e WHERE e.dataset_id = $1 AND e.status = ANY($5)"
          + " RETURNING id";

  private static final String HEADER =
      "SELECT v.id, v.dataset_id, v.version, v.example_count, v.split_counts, v.created_at,"
          + " v.snapshot->>'task' AS task, v.snapshot->'labels' AS labels FROM dataset_versions v";

  private final Pool pool;

  public DatasetVersions(Pool pool) {
    this.pool = pool;
  }

  /**
   * Freezes a new version of a dataset.
   *
   * @param include {@code non-rejected} (default: approved and pending) or {@code approved}
   */
  public Future<DatasetVersion> freeze(Dataset dataset, String include) {
    String mode = include == null ? "non-rejected" : include;
    String[] statuses =
        switch (mode) {
          case "non-rejected" -> new String[] {"approved", "pending"};
          case "approved" -> new String[] {"approved"};
          default -> throw TaskException.invalid("'include' must be 'non-rejected' or 'approved'");
        };
    // The dataset row lock serialises freezes, so version numbers never collide.
    return pool.withTransaction(
            conn ->
                conn.preparedQuery("SELECT id FROM datasets WHERE id = $1 FOR UPDATE")
                    .execute(Tuple.of(dataset.id()))
                    .compose(
                        x ->
                            conn.preparedQuery(
                                    "SELECT coalesce(max(version), 0) + 1 AS next"
                                        + " FROM dataset_versions WHERE dataset_id = $1")
                                .execute(Tuple.of(dataset.id())))
                    .compose(
                        rows ->
                            conn.preparedQuery(FREEZE)
                                .execute(
                                    Tuple.of(
                                        dataset.id(),
                                        rows.iterator().next().getInteger("next"),
                                        dataset.task().wireName(),
                                        mode,
                                        statuses))))
        .compose(rows -> get(rows.iterator().next().getUUID("id")));
  }

  /** A version's header, or a 404. */
  public Future<DatasetVersion> get(UUID id) {
    return pool.preparedQuery(HEADER + " WHERE v.id = $1")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw TaskException.notFound("unknown dataset version " + id);
              }
              return header(rows.iterator().next());
            });
  }

  /** Every version of a dataset, newest first. */
  public Future<List<DatasetVersion>> list(UUID datasetId) {
    return pool.preparedQuery(HEADER + " WHERE v.dataset_id = $1 ORDER BY v.version DESC")
        .execute(Tuple.of(datasetId))
        .map(
            rows -> {
              List<DatasetVersion> out = new ArrayList<>();
              for (Row row : rows) {
                out.add(header(row));
              }
              return out;
            });
  }

  /**
   * The examples a version froze, in order: what training jobs and eval runs read.
   *
   * @param versionId the version
   * @param split {@code train}, {@code validation}, {@code test}, or null for all of them
   * @return the examples (empty when the split holds none); a 404 for an unknown version
   */
  public Future<List<VersionExample>> examples(UUID versionId, String split) {
    if (split != null && !Splits.NAMES.contains(split)) {
      return Future.failedFuture(
          TaskException.invalid("'split' must be train, validation or test"));
    }
    // The split is filtered inside PostgreSQL: only the wanted examples cross the wire.
    return get(versionId)
        .compose(
            v ->
                pool.preparedQuery(
                        "SELECT x.value AS example FROM dataset_versions v,"
                            + " jsonb_array_elements(v.snapshot->'examples') WITH ORDINALITY x"
                            + " WHERE v.id = $1 AND ($2::text IS NULL OR x.value->>'split' = $2)"
                            + " ORDER BY x.ordinality")
                    .execute(Tuple.of(versionId, split)))
        .map(
            rows -> {
              List<VersionExample> out = new ArrayList<>(rows.size());
              for (Row row : rows) {
                out.add(VersionExample.fromJson(row.getJsonObject("example")));
              }
              return out;
            });
  }

  private static DatasetVersion header(Row row) {
    JsonArray labels = (JsonArray) row.getValue("labels");
    List<String> names = new ArrayList<>();
    if (labels != null) {
      for (Object l : labels) {
        names.add(String.valueOf(l));
      }
    }
    Object counts = row.getValue("split_counts");
    return new DatasetVersion(
        row.getUUID("id"),
        row.getUUID("dataset_id"),
        row.getInteger("version"),
        Task.parse(row.getString("task")),
        names,
        row.getInteger("example_count"),
        counts instanceof JsonObject o ? o : new JsonObject(),
        row.getOffsetDateTime("created_at"));
  }
}
