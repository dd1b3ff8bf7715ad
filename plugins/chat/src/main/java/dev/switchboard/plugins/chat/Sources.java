package dev.switchboard.plugins.chat;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.api.retrieve.RetrievedChunk;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The chunks retrieved to ground one answer, numbered from 1 in rank order: the system prompt lists
 * them by number and the answer cites them as {@code [n]}.
 *
 * @param collection the collection searched, or null when the chat retrieves nothing
 * @param chunks the chunks, best first; chunk {@code n} is {@code chunks.get(n - 1)}
 * @param error why retrieval found nothing usable, or null
 */
record Sources(String collection, List<RetrievedChunk> chunks, String error) {

  static final Sources NONE = new Sources(null, List.of(), null);

  /**
   * Retrieves through the platform's router. A collection that does not exist yet, or a platform
   * without a retriever, leaves the answer ungrounded rather than failing the chat; the metadata
   * says why.
   */
  static Future<Sources> retrieve(TaskContext ctx, String collection, String query, int topK) {
    if (collection == null || query == null || query.isBlank()) {
      return Future.succeededFuture(NONE);
    }
    Future<List<RetrievedChunk>> found;
    try {
      found = ctx.subtasks().retrieve(new RetrieveRequest(collection, query, topK, null));
    } catch (TaskException e) {
      found = Future.failedFuture(e);
    }
    return found
        .map(chunks -> new Sources(collection, List.copyOf(chunks), null))
        .recover(
            err -> {
              if (err instanceof TaskException e
                  && (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.UNAVAILABLE)) {
                ctx.log().warn("answering without sources from {}: {}", collection, e.getMessage());
                ctx.metrics().increment("chat_retrieval_skipped");
                return Future.succeededFuture(new Sources(collection, List.of(), e.getMessage()));
              }
              return Future.failedFuture(err);
            });
  }

  /** The same sources without the lowest-ranked one; the others keep their numbers. */
  Sources withoutWeakest() {
    return new Sources(
        collection,
        chunks.subList(0, Math.max(0, chunks.size() - 1)),
        error == null && chunks.size() == 1 ? "no source fits the prompt budget" : error);
  }

  boolean isEmpty() {
    return chunks.isEmpty();
  }

  /** The part of the system prompt that lists the sources and asks for citations. */
  String promptBlock() {
    StringBuilder sb =
        new StringBuilder(
            "Answer using the numbered sources below. After each statement that uses a source,"
                + " cite it by its number in square brackets, such as [1] or [2][3]. Cite only"
                + " sources you used. If the sources do not contain the answer, say so.\n\n"
                + "Sources:");
    for (int i = 0; i < chunks.size(); i++) {
      RetrievedChunk c = chunks.get(i);
      sb.append("\n[")
          .append(i + 1)
          .append("] (")
          .append(c.documentId())
          .append(") ")
          .append(c.text().strip());
    }
    return sb.toString();
  }

  /**
   * The structured citations for the response metadata: the sources the answer cites, in the order
   * it first cites them, and every source retrieved.
   */
  JsonObject metadata(String answer) {
    JsonArray cited = new JsonArray();
    for (int n : Citations.cited(answer, chunks.size())) {
      cited.add(describe(n));
    }
    JsonArray retrieved = new JsonArray();
    for (int n = 1; n <= chunks.size(); n++) {
      retrieved.add(describe(n));
    }
    JsonObject out =
        new JsonObject()
            .put("collection", collection)
            .put("citations", cited)
            .put("retrieved", retrieved);
    if (error != null) {
      out.put("retrievalError", error);
    }
    return out;
  }

  private JsonObject describe(int n) {
    RetrievedChunk c = chunks.get(n - 1);
    return new JsonObject()
        .put("index", n)
        .put("documentId", c.documentId())
        .put("chunkId", c.chunkId())
        .put("text", c.text())
        .put("start", c.start())
        .put("end", c.end())
        .put("score", c.score());
  }
}
