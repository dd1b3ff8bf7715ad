package dev.switchboard.api.retrieve;

import dev.switchboard.api.ApiStatus;
import io.vertx.core.json.JsonObject;

/**
 * What an ingest stored.
 *
 * @param documents the number of documents stored
 * @param chunks the number of chunks stored
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record IngestResult(int documents, int chunks) {

  /**
   * The JSON form.
   *
   * @return a new object
   */
  public JsonObject toJson() {
    return new JsonObject().put("documents", documents).put("chunks", chunks);
  }

  /**
   * Reads the JSON form.
   *
   * @param json as written by {@link #toJson()}
   * @return the result
   */
  public static IngestResult fromJson(JsonObject json) {
    return new IngestResult(json.getInteger("documents", 0), json.getInteger("chunks", 0));
  }
}
