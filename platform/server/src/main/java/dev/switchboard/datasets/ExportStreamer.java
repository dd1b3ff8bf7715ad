package dev.switchboard.datasets;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Streams an export: a PostgreSQL cursor read in slices, each row written as it arrives and the
 * cursor paused while the client's socket is full, so an export of any size holds a slice of rows
 * in memory, never the dataset.
 */
public final class ExportStreamer {

  private static final int FETCH = 256;

  private final Pool pool;

  public ExportStreamer(Pool pool) {
    this.pool = pool;
  }

  /** The rows of the dataset's current examples: non-rejected unless the filter asks. */
  public static String currentSql(ExampleFilter filter, List<Object> args) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT jsonb_build_object('id', e.id, 'text', e.text, 'input', e.input, 'output',"
                + " e.output, 'label', e.label, 'split', e.split, 'status', e.status, 'source',"
                + " e.source) AS example FROM examples e WHERE e.dataset_id = $1");
    if (filter.status() == null) {
      sql.append(" AND e.status <> 'rejected'");
    }
    filter.append(sql, args);
    return sql.append(" ORDER BY e.created_at, e.id").toString();
  }

  /** The rows of a frozen version, optionally one split. */
  public static String versionSql(String split, List<Object> args) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT x.value AS example FROM dataset_versions v,"
                + " jsonb_array_elements(v.snapshot->'examples') WITH ORDINALITY x WHERE v.id = $1");
    if (split != null) {
      args.add(split);
      sql.append(" AND x.value->>'split' = $").append(args.size());
    }
    return sql.append(" ORDER BY x.ordinality").toString();
  }

  /**
   * Writes the export to {@code response}; the headers must already be set.
   *
   * @return completes when the last line is written
   */
  public Future<Void> stream(
      HttpServerResponse response, String sql, List<Object> args, ExportFormat format, Task task) {
    return pool.withTransaction(
        conn ->
            conn.prepare(sql)
                .compose(
                    statement -> {
                      Promise<Void> done = Promise.promise();
                      response.setChunked(true);
                      String header = format.header(task);
                      if (header != null) {
                        response.write(header);
                      }
                      RowStream<Row> rows = statement.createStream(FETCH, Tuple.from(args));
                      rows.exceptionHandler(done::tryFail);
                      rows.endHandler(v -> done.tryComplete());
                      rows.handler(
                          row -> {
                            if (response.closed()) {
                              rows.close();
                              done.tryFail("the client went away");
                              return;
                            }
                            String line = format.line(task, (JsonObject) row.getValue("example"));
                            if (line != null) {
                              response.write(line);
                            }
                            if (response.writeQueueFull()) {
                              rows.pause();
                              response.drainHandler(x -> rows.resume());
                            }
                          });
                      return done.future().eventually(() -> rows.close());
                    }));
  }
}
