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
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs evaluations in the background, one at a time, oldest first, from the persisted queue (the
 * {@code eval_runs} table): reads the version's split, sends the examples through the {@link
 * TaskDispatcher} the HTTP API uses (classification in batches, chat and retrieval a few requests
 * at a time), stores every batch of results as it comes and the metrics at the end.
 *
 * <p>Like training jobs, runs survive a restart: {@link #stop} lets the batch in flight finish
 * (bounded) and leaves the run {@code running}; {@link #start} queues such runs again, and a run
 * that starts with results already stored sends only the examples without one, then computes its
 * metrics over all of them, so it ends exactly as an uninterrupted run would.
 */
public final class EvalRunner {

  private static final Logger LOG = LoggerFactory.getLogger(EvalRunner.class);

  /** Texts per classification request. */
  static final int CLASSIFY_BATCH = 32;

  /** Chat or retrieval requests in flight at once. */
  static final int PARALLEL = 4;

  /** How soon to look at the queue again after the database failed to answer. */
  private static final long RETRY_MS = 5_000;

  private final Vertx vertx;
  private final EvalRunStore store;
  private final DatasetVersions versions;
  private final TaskDispatcher dispatcher;
  private final Duration timeout;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicBoolean wanted = new AtomicBoolean();
  private final Promise<Void> idle = Promise.promise();
  private volatile boolean started;
  private volatile boolean stopping;
  // Set when stop() stopped waiting: answers arriving later are not stored (the plugins that gave
  // them may be stopping), their examples run again after the restart.
  private volatile boolean abandoned;

  public EvalRunner(
      Vertx vertx,
      EvalRunStore store,
      DatasetVersions versions,
      TaskDispatcher dispatcher,
      Duration timeout) {
    this.vertx = vertx;
    this.store = store;
    this.versions = versions;
    this.dispatcher = dispatcher;
    this.timeout = timeout;
  }

  /** Queues again the runs a stopped server left running, and starts taking runs. */
  public Future<Void> start() {
    return store
        .requeueInterrupted()
        .map(
            n -> {
              if (n > 0) {
                LOG.atInfo().addKeyValue("runs", n).log("resuming interrupted eval runs");
              }
              started = true;
              wake();
              return null;
            });
  }

  /**
   * Stops taking runs: the batch in flight may finish and be stored for up to {@code bound}; the
   * run stays {@code running} and resumes at the next start.
   *
   * @return completes when the runner is idle or the bound passed
   */
  public Future<Void> stop(Duration bound) {
    stopping = true;
    if (!busy.get()) {
      idle.tryComplete();
    }
    Promise<Void> stopped = Promise.promise();
    long timer =
        vertx.setTimer(
            Math.max(1, bound.toMillis()),
            id -> {
              abandoned = true;
              LOG.warn(
                  "eval run batch still in flight after {} ms; it runs again at restart",
                  bound.toMillis());
              stopped.tryComplete();
            });
    idle.future()
        .onComplete(
            x -> {
              vertx.cancelTimer(timer);
              stopped.tryComplete();
            });
    return stopped.future();
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
                        wake();
                        return new JsonObject().put("id", id.toString()).put("status", "queued");
                      });
            });
  }

  /** Looks at the queue now, unless a loop is already taking runs (it will see the new one). */
  private void wake() {
    wanted.set(true);
    if (started && !stopping && busy.compareAndSet(false, true)) {
      next();
    }
  }

  /** Takes the oldest queued run and runs it, until the queue is empty or the runner stops. */
  private void next() {
    wanted.set(false);
    if (stopping) {
      release();
      return;
    }
    store
        .claimNext()
        .compose(claimed -> claimed == null ? Future.succeededFuture(false) : execute(claimed))
        .onComplete(
            ar -> {
              if (ar.succeeded() && ar.result()) {
                next();
                return;
              }
              if (ar.failed()) {
                LOG.warn("eval run queue poll failed: {}", ar.cause().toString());
                vertx.setTimer(RETRY_MS, id -> wake());
              }
              release();
              // A submission between the empty poll and release() found the loop busy: take it.
              if (wanted.get()) {
                wake();
              }
            });
  }

  private void release() {
    busy.set(false);
    if (stopping) {
      idle.tryComplete();
    }
  }

  /** Runs one claimed run to its end; completes with true unless the runner is stopping. */
  private Future<Boolean> execute(EvalRunStore.Claimed run) {
    return run(run)
        .map(true)
        .recover(
            e -> {
              if (e instanceof Stopped || abandoned) {
                LOG.atInfo().addKeyValue("run", run.id()).log("eval run paused until restart");
                return Future.succeededFuture(false);
              }
              LOG.atWarn().addKeyValue("run", run.id()).log("eval run failed: {}", e.toString());
              return store.fail(run.id(), message(e)).map(true).otherwise(true);
            });
  }

  private Future<Void> run(EvalRunStore.Claimed run) {
    EvalTarget target = EvalTarget.fromJson(run.target());
    EvalRequests requests = new EvalRequests(run.id(), target, timeout);
    return versions
        .get(run.versionId())
        .compose(
            version ->
                versions
                    .examples(version.id(), run.split())
                    .compose(
                        examples ->
                            store
                                .scored(run.id())
                                .compose(
                                    scored ->
                                        store
                                            .start(run.id(), examples.size())
                                            .compose(
                                                x ->
                                                    evaluate(
                                                        run.id(),
                                                        version.task(),
                                                        requests,
                                                        examples,
                                                        scored)))
                                .compose(results -> finish(run.id(), version, examples, results))));
  }

  private Future<Void> finish(
      UUID id, DatasetVersion version, List<VersionExample> examples, List<EvalResult> results) {
    JsonObject metrics = EvalScoring.metrics(version.task(), examples, results);
    if (!results.isEmpty() && metrics.getInteger("errors") == results.size()) {
      JsonObject first = results.get(0).actual().getJsonObject("error");
      return store.fail(id, "every request failed: " + first.getString("message"));
    }
    return store.finish(id, metrics);
  }

  /**
   * Sends the examples that have no stored result yet and stores theirs batch by batch.
   *
   * @param scored the results stored before (a resumed run's), by seq
   * @return every result of the run, by seq
   */
  private Future<List<EvalResult>> evaluate(
      UUID id,
      Task task,
      EvalRequests requests,
      List<VersionExample> examples,
      List<EvalResult> scored) {
    EvalResult[] bySeq = new EvalResult[examples.size()];
    for (EvalResult r : scored) {
      if (r.seq() >= 0 && r.seq() < bySeq.length) {
        bySeq[r.seq()] = r;
      }
    }
    List<Integer> todo = new ArrayList<>();
    for (int seq = 0; seq < bySeq.length; seq++) {
      if (bySeq[seq] == null) {
        todo.add(seq);
      }
    }
    if (todo.size() < examples.size()) {
      LOG.atInfo()
          .addKeyValue("run", id)
          .addKeyValue("scored", examples.size() - todo.size())
          .addKeyValue("left", todo.size())
          .log("resuming eval run");
    }
    int step = task == Task.CLASSIFICATION ? CLASSIFY_BATCH : PARALLEL;
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < todo.size(); from += step) {
      List<Integer> seqs = todo.subList(from, Math.min(todo.size(), from + step));
      chain =
          chain
              .compose(
                  x -> stopping ? Future.failedFuture(new Stopped()) : Future.succeededFuture())
              .compose(x -> batch(task, requests, seqs, examples))
              .compose(
                  results -> {
                    if (abandoned) {
                      return Future.failedFuture(new Stopped());
                    }
                    for (EvalResult r : results) {
                      bySeq[r.seq()] = r;
                    }
                    return store.save(id, results);
                  });
    }
    return chain.map(x -> Arrays.asList(bySeq));
  }

  private Future<List<EvalResult>> batch(
      Task task, EvalRequests requests, List<Integer> seqs, List<VersionExample> examples) {
    List<VersionExample> batch = seqs.stream().map(examples::get).toList();
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
                  int seq = seqs.get(i);
                  if (answers == null || answers.size() != batch.size()) {
                    out.add(failure(task, seq, e, ar.failed() ? ar.cause() : null));
                  } else {
                    out.add(EvalScoring.classification(seq, e, answers.getJsonObject(i), ms));
                  }
                }
                return Future.succeededFuture(out);
              });
    }
    List<Future<EvalResult>> pending = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      int seq = seqs.get(i);
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

  /** The runner is stopping: the run pauses where it is, to resume at the next start. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super("the server is stopping", null, false, false);
    }
  }
}
