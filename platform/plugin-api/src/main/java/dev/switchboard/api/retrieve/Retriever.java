package dev.switchboard.api.retrieve;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskExtension;
import io.vertx.core.Future;
import java.util.List;

/** Serves retrieval tasks over named collections, and ingests documents into them. */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public interface Retriever extends TaskExtension {

  /**
   * Finds the chunks most relevant to a query.
   *
   * @param request the collection, query and filters
   * @param ctx the task context
   * @return the chunks, best first, at most {@code topK}
   */
  Future<List<RetrievedChunk>> retrieve(RetrieveRequest request, TaskContext ctx);

  /**
   * Adds or replaces documents in a collection; a document with an existing id replaces it.
   *
   * @param request the collection and documents
   * @param ctx the task context
   * @return what was stored
   */
  Future<IngestResult> ingest(IngestRequest request, TaskContext ctx);
}
