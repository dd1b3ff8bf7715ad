package dev.switchboard.eval;

import dev.switchboard.db.DatabaseEndpoint;
import dev.switchboard.db.Uuids;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * Writes eval-log batches with {@code COPY ... FROM STDIN} over a JDBC connection of its own. COPY
 * inserts rows into the heap in bulk and skips the executor's per-row work, about half the
 * database's CPU per row of an {@code INSERT ... SELECT FROM unnest(...)}, which matters because
 * the database shares the machine with the server. Blocking: call it from a worker thread, one
 * batch at a time.
 */
final class EvalLogCopy implements AutoCloseable {

  private static final String COLUMNS =
      "id, request_id, task, plugin_id, extension, model, status, error_code, latency_ms, shadow,"
          + " input, output, user_name, api_key_id, created_at, prompt_tokens, completion_tokens";
  private static final String COPY = "COPY eval_log (" + COLUMNS + ") FROM STDIN";
  private static final String EXISTING = "SELECT id FROM eval_log WHERE id = ANY (?)";
  private static final String UNIQUE_VIOLATION = "23505";

  private final DatabaseEndpoint database;
  private Connection connection;

  EvalLogCopy(DatabaseEndpoint database) {
    this.database = database;
  }

  /**
   * Writes a batch in one transaction. A batch retried after its commit got through (the answer was
   * lost) keeps only the rows not yet there.
   */
  void write(List<EvalLogEntry> batch) throws SQLException {
    List<Row> rows = new ArrayList<>(batch.size());
    for (EvalLogEntry entry : batch) {
      rows.add(new Row(rowId(entry), entry));
    }
    Connection c = connection();
    try {
      copy(c, rows);
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        abandon(c);
        throw e;
      }
      rollbackQuietly(c);
      try {
        copy(c, missing(c, rows));
      } catch (SQLException again) {
        abandon(c);
        throw again;
      }
    }
  }

  /** After a failure: nothing of the batch stays, and the next batch gets a fresh connection. */
  private void abandon(Connection c) {
    rollbackQuietly(c);
    closeQuietly();
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void copy(Connection c, List<Row> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder(rows.size() * 256);
    for (Row row : rows) {
      appendRow(text, row);
    }
    try (Statement s = c.createStatement()) {
      // Losing the last moment of the log in a crash is acceptable; waiting for every batch's WAL
      // flush is not.
      s.execute("SET LOCAL synchronous_commit TO OFF");
    }
    try {
      c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(text.toString()));
    } catch (java.io.IOException e) {
      throw new SQLException("could not stream the eval log batch", e);
    }
    c.commit();
  }

  private static List<Row> missing(Connection c, List<Row> rows) throws SQLException {
    Set<UUID> present = new HashSet<>();
    try (PreparedStatement s = c.prepareStatement(EXISTING)) {
      s.setArray(1, c.createArrayOf("uuid", rows.stream().map(Row::id).toArray()));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          present.add(r.getObject(1, UUID.class));
        }
      }
    }
    c.commit();
    return rows.stream().filter(row -> !present.contains(row.id())).toList();
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection =
          DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
      connection.setAutoCommit(false);
    }
    return connection;
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Already broken; the next batch opens a new one.
      }
      connection = null;
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // The connection is closed below when it is broken.
    }
  }

  /** The primary answer's row id is the request id, so a retried batch cannot insert it twice. */
  private static UUID rowId(EvalLogEntry e) {
    UUID parsed = e.shadow() ? null : Uuids.parseOrNull(e.requestId());
    return parsed == null ? UUID.randomUUID() : parsed;
  }

  private static void appendRow(StringBuilder out, Row row) {
    EvalLogEntry e = row.entry();
    field(out, row.id().toString()).append('\t');
    field(out, e.requestId()).append('\t');
    field(out, e.task()).append('\t');
    field(out, e.pluginId()).append('\t');
    field(out, e.extension()).append('\t');
    field(out, e.model()).append('\t');
    out.append(e.status()).append('\t');
    field(out, e.errorCode()).append('\t');
    out.append(e.latencyMs()).append('\t');
    out.append(e.shadow() ? 't' : 'f').append('\t');
    json(out, e.input()).append('\t');
    json(out, e.output()).append('\t');
    field(out, e.user()).append('\t');
    UUID key = Uuids.parseOrNull(e.apiKeyId());
    field(out, key == null ? null : key.toString()).append('\t');
    out.append(e.at().toString()).append('\t');
    number(out, tokens(e.output(), "promptTokens")).append('\t');
    number(out, tokens(e.output(), "completionTokens")).append('\n');
  }

  /** One value in COPY's text format: {@code \N} for null, backslash escapes for the rest. */
  static StringBuilder field(StringBuilder out, String value) {
    if (value == null) {
      return out.append("\\N");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out;
  }

  private static StringBuilder number(StringBuilder out, Integer value) {
    return value == null ? out.append("\\N") : out.append(value.intValue());
  }

  private static StringBuilder json(StringBuilder out, JsonObject json) {
    return json == null ? out.append("\\N") : CopyJson.append(out, json);
  }

  /** A chat answer's token usage ({@code output.usage}), for the eval log's token columns. */
  private static Integer tokens(JsonObject output, String field) {
    if (output == null || !(output.getValue("usage") instanceof JsonObject u)) {
      return null;
    }
    return u.getValue(field) instanceof Number n ? n.intValue() : null;
  }

  private record Row(UUID id, EvalLogEntry entry) {}
}
