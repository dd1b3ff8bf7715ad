package dev.switchboard.evaluation;

import dev.switchboard.api.TaskException;
import dev.switchboard.datasets.DatasetVersion;
import dev.switchboard.datasets.DatasetVersions;
import dev.switchboard.datasets.Splits;
import dev.switchboard.datasets.Task;
import dev.switchboard.datasets.VersionExample;
import dev.switchboard.routing.TaskDispatcher;
import dev.switchboard.routing.TaskEnvelope;
import dev.switchboard.routing.TaskFailures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs evaluations in the background, one at a time in submission order: reads the version's split,
 * sends the examples through the {@link TaskDispatcher} the HTTP API uses (classification in
 * batches, chat and retrieval a few requests at a time), stores every result as it comes and the
 * metrics at the end.
 */
public final class EvalRunner {

  private static final Logger LOG = LoggerFactory.getLogger(EvalRunner.class);

  /** Texts per classification request. */
  static final int CLASSIFY_BATCH = 32;

  /** Chat or retrieval requests in flight at once. */
  static final int PARALLEL = 4;

  private final EvalRunStore store;
  private final DatasetVersions versions;
  private final TaskDispatcher dispatcher;
  private final Duration timeout;
  private Future<Void> queue = Future.succeededFuture();

  public EvalRunner(
      EvalRunStore store, DatasetVersions versions, TaskDispatcher dispatcher, Duration timeout) {
    this.store = store;
    this.versions = versions;
    this.dispatcher = dispatcher;
    this.timeout = timeout;
    // Runs a previous process left behind cannot be resumed; say so instead of leaving them queued.
    store
        .failInterrupted()
        .onFailure(e -> LOG.warn("could not mark interrupted eval runs: {}", e.toString()));
  }

  /**
   * Queues a run.
   *
   * @return {@code {"id","status":"queued"}}; a 404 for an unknown version, 400 for an empty split
   */
  public Future<JsonObject> submit(UUID versionId, String split, EvalTarget target) {
    if (!Splits.NAMES.contains(split)) {
      return Future.failedFuture(
          TaskException.invalid("'split' must be train, validation or test"));
    }
    return versions
        .get(versionId)
        .compose(
            version -> {
              if (version.splitCounts().getInteger(split, 0) == 0) {
                return Future.failedFuture(
                    TaskException.invalid(
                        "split '"
                            + split
                            + "' of version "
                            + version.version()
                            + " holds no examples"));
              }
              if (version.task() == Task.RETRIEVAL && target.collection() == null) {
                return Future.failedFuture(
                    TaskException.invalid("a retrieval eval needs 'target.collection'"));
              }
              return store
                  .create(versionId, split, target)
                  .map(
                      id -> {
                        enqueue(id, version, split, target);
                        return new JsonObject().put("id", id.toString()).put("status", "queued");
                      });
            });
  }

  private synchronized void enqueue(
      UUID id, DatasetVersion version, String split, EvalTarget target) {
    queue =
        queue.transform(
            x ->
                run(id, version, split, target)
                    .recover(
                        e -> {
                          LOG.atWarn()
                              .addKeyValue("run", id)
                              .log("eval run failed: {}", e.toString());
                          return store.fail(id, message(e));
                        })
                    .recover(e -> Future.succeededFuture()));
  }

  private Future<Void> run(UUID id, DatasetVersion version, String split, EvalTarget target) {
    EvalRequests requests = new EvalRequests(id, target, timeout);
    return versions
        .examples(version.id(), split)
        .compose(
            examples ->
                store
                    .start(id, examples.size())
                    .compose(x -> evaluate(id, version.task(), requests, examples))
                    .compose(
                        results -> {
                          JsonObject metrics =
                              EvalScoring.metrics(version.task(), examples, results);
                          if (!results.isEmpty()
                              && metrics.getInteger("errors") == results.size()) {
                            JsonObject first = results.get(0).actual().getJsonObject("error");
                            return store.fail(
                                id, "every request failed: " + first.getString("message"));
                          }
                          return store.finish(id, metrics);
                        }));
  }

  private Future<List<EvalResult>> evaluate(
      UUID id, Task task, EvalRequests requests, List<VersionExample> examples) {
    List<EvalResult> all = new ArrayList<>(examples.size());
    int step = task == Task.CLASSIFICATION ? CLASSIFY_BATCH : PARALLEL;
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < examples.size(); from += step) {
      int start = from;
      List<VersionExample> batch = examples.subList(from, Math.min(examples.size(), from + step));
      chain =
          chain
              .compose(x -> batch(task, requests, start, batch))
              .compose(
                  results -> {
                    all.addAll(results);
                    return store.save(id, results);
                  });
    }
    return chain.map(x -> all);
  }

  private Future<List<EvalResult>> batch(
      Task task, EvalRequests requests, int start, List<VersionExample> batch) {
    if (task == Task.CLASSIFICATION) {
      long t0 = System.nanoTime();
      return send(requests.classify(batch))
          .transform(
              ar -> {
                int ms = (int) ((System.nanoTime() - t0) / 1_000_000);
                List<EvalResult> out = new ArrayList<>();
                JsonArray answers = ar.succeeded() ? ar.result().getJsonArray("results") : null;
                for (int i = 0; i < batch.size(); i++) {
                  VersionExample e = batch.get(i);
                  if (answers == null || answers.size() != batch.size()) {
                    out.add(failure(task, start + i, e, ar.failed() ? ar.cause() : null));
                  } else {
                    out.add(EvalScoring.classification(start + i, e, answers.getJsonObject(i), ms));
                  }
                }
                return Future.succeededFuture(out);
              });
    }
    List<Future<EvalResult>> pending = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      int seq = start + i;
      VersionExample e = batch.get(i);
      long t0 = System.nanoTime();
      Future<EvalResult> one;
      try {
        TaskEnvelope envelope = task == Task.CHAT ? requests.chat(e) : requests.retrieve(e);
        one =
            send(envelope)
                .map(
                    answer -> {
                      int ms = (int) ((System.nanoTime() - t0) / 1_000_000);
                      return task == Task.CHAT
                          ? EvalScoring.chat(seq, e, answer, ms)
                          : EvalScoring.retrieval(seq, e, answer, ms);
                    });
      } catch (RuntimeException invalid) {
        one = Future.failedFuture(invalid);
      }
      pending.add(one.recover(err -> Future.succeededFuture(failure(task, seq, e, err))));
    }
    return Future.all(pending).map(all -> all.<EvalResult>list());
  }

  private Future<JsonObject> send(TaskEnvelope envelope) {
    return dispatcher
        .dispatch(envelope)
        .map(
            d -> {
              if (!(d.body() instanceof JsonObject body)) {
                throw new IllegalStateException("the plugin answered with no result");
              }
              return body;
            });
  }

  private static EvalResult failure(Task task, int seq, VersionExample e, Throwable cause) {
    TaskException error =
        cause == null
            ? TaskException.invalid("the answer did not hold one result per input")
            : TaskFailures.from(cause, "the target is not serving");
    return EvalScoring.failed(task, seq, e, error.code().wireName(), error.getMessage());
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
