package dev.switchboard.api;

import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.classify.ClassifyRequest;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.api.retrieve.RetrievedChunk;
import io.vertx.core.Future;
import java.util.List;

/**
 * Runs a task of another type through the platform's router on behalf of the current request, so a
 * plugin can use the platform's retrieval or classification instead of a private copy. An agent
 * retrieves context for its answer this way.
 *
 * <p>A sub-task is routed like any task of its type (the routing table's default plugin and route
 * settings for that task) and runs for the same principal, with the time left before the current
 * request's deadline. Failures arrive as {@link TaskException}s with the codes of the error model:
 * {@code UNAVAILABLE} when no plugin serves the task, {@code NOT_FOUND} for an unknown collection
 * or classifier, {@code DEADLINE_EXCEEDED} when the deadline passes. Sub-tasks may themselves start
 * sub-tasks, up to a nesting limit set by the host; past it they fail with {@code CONFLICT}, which
 * stops a plugin that ends up calling itself.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public interface SubTasks {

  /**
   * Finds the chunks of a collection most relevant to a query.
   *
   * @param request the collection, query, count and filters
   * @return the chunks, best first, at most {@code topK}
   */
  Future<List<RetrievedChunk>> retrieve(RetrieveRequest request);

  /**
   * Classifies texts.
   *
   * @param request the classifier and the texts
   * @return one classification per input, in order
   */
  Future<List<Classification>> classify(ClassifyRequest request);
}
