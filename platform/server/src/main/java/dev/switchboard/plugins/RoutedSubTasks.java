package dev.switchboard.plugins;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.Json;
import dev.switchboard.api.SubTasks;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.TaskType;
import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.classify.ClassifyRequest;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.api.retrieve.RetrievedChunk;
import dev.switchboard.routing.Addresses;
import dev.switchboard.routing.TaskEnvelope;
import dev.switchboard.routing.TaskFailures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sub-tasks of one request, sent to the router at {@code sb.task.<type>} like any bus sender's: so
 * they are routed by the routing table, logged to the eval log and served by whichever node hosts
 * the plugin. They run for the parent's principal and end at the parent's deadline.
 *
 * <p>A sub-task's id is its parent's id, {@value #SEPARATOR} and a sequence number, so the eval log
 * ties it to its parent and the nesting depth travels with the envelope, across the cluster too,
 * without a field of its own. Past {@value #MAX_DEPTH} levels a sub-task fails with {@code
 * CONFLICT}: a retriever whose classifier retrieves would otherwise call itself until the deadline.
 */
final class RoutedSubTasks implements SubTasks {

  /** The deepest nesting allowed: a request's sub-task's sub-task's sub-task. */
  static final int MAX_DEPTH = 3;

  static final String SEPARATOR = "~";

  private final Vertx vertx;
  private final TaskEnvelope parent;
  private final AtomicInteger sequence = new AtomicInteger();

  RoutedSubTasks(Vertx vertx, TaskEnvelope parent) {
    this.vertx = vertx;
    this.parent = parent;
  }

  @Override
  public Future<List<RetrievedChunk>> retrieve(RetrieveRequest request) {
    return send(TaskType.RETRIEVE, request.toJson())
        .map(body -> Json.objects(body.getJsonArray("results"), RetrievedChunk::fromJson));
  }

  @Override
  public Future<List<Classification>> classify(ClassifyRequest request) {
    return send(TaskType.CLASSIFY, request.toJson())
        .map(body -> Json.objects(body.getJsonArray("results"), Classification::fromJson));
  }

  /** How many sub-task levels an id is below the request the client made. */
  static int depth(String id) {
    int depth = 0;
    for (int i = id.indexOf(SEPARATOR); i >= 0; i = id.indexOf(SEPARATOR, i + 1)) {
      depth++;
    }
    return depth;
  }

  private Future<JsonObject> send(TaskType type, JsonObject input) {
    if (depth(parent.id()) >= MAX_DEPTH) {
      return Future.failedFuture(
          new TaskException(
              ErrorCode.CONFLICT,
              "sub-tasks nest deeper than "
                  + MAX_DEPTH
                  + " levels; a plugin's "
                  + type.wireName()
                  + " sub-task probably leads back to itself"));
    }
    long remaining = parent.remainingMillis();
    if (remaining <= 0) {
      return Future.failedFuture(
          new TaskException(ErrorCode.DEADLINE_EXCEEDED, "the request's deadline passed"));
    }
    TaskEnvelope envelope =
        new TaskEnvelope(
            parent.id() + SEPARATOR + sequence.incrementAndGet(),
            type,
            null,
            null,
            null,
            input,
            parent.principal(),
            parent.conversationId(),
            parent.deadline(),
            null,
            false);
    return vertx
        .eventBus()
        .<Object>request(
            Addresses.task(type), envelope, new DeliveryOptions().setSendTimeout(remaining))
        .transform(
            ar -> {
              if (ar.failed()) {
                return Future.failedFuture(
                    TaskFailures.from(
                        ar.cause(), "no router takes " + type.wireName() + " sub-tasks"));
              }
              if (!(ar.result().body() instanceof JsonObject body)) {
                return Future.failedFuture(
                    new TaskException(
                        ErrorCode.INTERNAL,
                        "the " + type.wireName() + " sub-task answered no object"));
              }
              return Future.succeededFuture(body);
            });
  }
}
