package dev.switchboard.api.retrieve;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.PluginApi;
import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;

/**
 * A retrieval task.
 *
 * @param collection the collection to search
 * @param query the query text, not blank
 * @param topK how many chunks to return, 1 to 1000
 * @param filter metadata equality filters, never null
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record RetrieveRequest(String collection, String query, int topK, JsonObject filter) {

  /** The number of chunks returned when the caller does not say. */
  public static final int DEFAULT_TOP_K = 10;

  /**
   * Validates the fields.
   *
   * @param collection the collection
   * @param query the query
   * @param topK the count
   * @param filter the filter
   */
  public RetrieveRequest {
    if (collection == null || collection.isBlank()) {
      throw TaskException.invalid("collection is required");
    }
    if (query == null || query.isBlank()) {
      throw TaskException.invalid("query must not be blank");
    }
    if (topK < 1 || topK > 1000) {
      throw TaskException.invalid("topK must be between 1 and 1000");
    }
    filter = filter == null ? new JsonObject() : filter;
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
        .put("query", query)
        .put("topK", topK)
        .put("filter", filter);
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}
   * @return the request
   */
  public static RetrieveRequest fromJson(JsonObject json) {
    return new RetrieveRequest(
        json.getString("collection"),
        json.getString("query"),
        json.getInteger("topK", DEFAULT_TOP_K),
        json.getJsonObject("filter"));
  }
}
