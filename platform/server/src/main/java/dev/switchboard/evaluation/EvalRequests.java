package dev.switchboard.evaluation;

import dev.switchboard.api.Principal;
import dev.switchboard.api.TaskType;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.classify.ClassifyRequest;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.datasets.VersionExample;
import dev.switchboard.routing.TaskEnvelope;
import dev.switchboard.routing.Uuid7;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Builds the envelopes an eval run sends: the same typed requests the HTTP API validates and
 * routes, so a run measures exactly what production serves. Requests are made for the principal
 * {@code eval-run:<id>}, which is how the eval log tells them from user traffic.
 */
final class EvalRequests {

  /** Retrieval runs rank this many results (nDCG@10 needs 10). */
  static final int TOP_K = 10;

  private final UUID runId;
  private final EvalTarget target;
  private final Duration timeout;
  private final Principal principal;

  EvalRequests(UUID runId, EvalTarget target, Duration timeout) {
    this.runId = runId;
    this.target = target;
    this.timeout = timeout;
    this.principal = new Principal("eval-run:" + runId, null, List.of());
  }

  /** One classification request for a batch of texts. */
  TaskEnvelope classify(List<VersionExample> batch) {
    ClassifyRequest request =
        new ClassifyRequest(
            target.classifier(),
            batch.stream().map(VersionExample::text).toList(),
            target.params());
    return envelope(TaskType.CLASSIFY, request.toJson());
  }

  /** One chat request: the example's messages, the target's model and generation params. */
  TaskEnvelope chat(VersionExample example) {
    JsonObject json =
        new JsonObject()
            .put("model", target.model())
            .put("messages", example.input().getJsonArray("messages", new JsonArray()))
            .put("params", target.params());
    return envelope(TaskType.CHAT, ChatRequest.fromJson(json).toJson());
  }

  /** One retrieval request for the example's query. */
  TaskEnvelope retrieve(VersionExample example) {
    RetrieveRequest request = new RetrieveRequest(target.collection(), example.text(), TOP_K, null);
    return envelope(TaskType.RETRIEVE, request.toJson());
  }

  private TaskEnvelope envelope(TaskType task, JsonObject input) {
    return new TaskEnvelope(
        Uuid7.next().toString(),
        task,
        target.plugin(),
        null,
        target.model(),
        input,
        principal,
        null,
        Instant.now().plus(timeout),
        null,
        false);
  }
}
