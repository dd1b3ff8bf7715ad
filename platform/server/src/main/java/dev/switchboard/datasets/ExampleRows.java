package dev.switchboard.datasets;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** The API form of an example row. */
final class ExampleRows {

  /** The columns {@link #toJson} reads, for table alias {@code e}. */
  static final String COLUMNS =
      "e.id, e.dataset_id, e.text, e.input, e.output, e.label, e.status, e.split, e.source,"
          + " e.content_hash, e.created_at, e.updated_at";

  private ExampleRows() {}

  static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("datasetId", row.getUUID("dataset_id").toString())
        .put("text", row.getString("text"))
        .put("input", row.getJsonObject("input"))
        .put("output", row.getValue("output"))
        .put("label", row.getString("label"))
        .put("status", row.getString("status"))
        .put("split", row.getString("split"))
        .put("source", row.getValue("source"))
        .put("contentHash", row.getString("content_hash"))
        .put("createdAt", row.getOffsetDateTime("created_at").toString())
        .put("updatedAt", row.getOffsetDateTime("updated_at").toString());
  }
}
