package dev.switchboard.api.retrieve;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.Json;
import dev.switchboard.api.PluginApi;
import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An ingest task.
 *
 * @param collection the collection, created on first use
 * @param documents the documents, at least one
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record IngestRequest(String collection, List<Document> documents) {

  /**
   * Validates the fields.
   *
   * @param collection the collection
   * @param documents the documents
   */
  public IngestRequest {
    if (collection == null || collection.isBlank()) {
      throw TaskException.invalid("collection is required");
    }
    if (documents == null || documents.isEmpty()) {
      throw TaskException.invalid("documents must hold at least one document");
    }
    documents = List.copyOf(documents);
  }

  /**
   * The JSON form.
   *
   * @return a new object
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("v", PluginApi.SCHEMA_VERSION)
        .put("collection", collection)
        .put("documents", Json.array(documents, Document::toJson));
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}
   * @return the request
   */
  public static IngestRequest fromJson(JsonObject json) {
    return new IngestRequest(
        json.getString("collection"),
        Json.objects(json.getJsonArray("documents"), Document::fromJson));
  }
}
