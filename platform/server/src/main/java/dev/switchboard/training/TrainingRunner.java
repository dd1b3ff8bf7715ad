package dev.switchboard.training;

import dev.switchboard.api.TaskException;
import dev.switchboard.datasets.DatasetVersions;
import dev.switchboard.datasets.Task;
import dev.switchboard.models.ModelService;
import dev.switchboard.routing.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner of one device: takes queued jobs oldest first, one at a time, on its own thread (never
 * an event loop), and publishes their progress on {@link Addresses#training}. Jobs a stopped server
 * left running are queued again at start and resume from their checkpoints. Stopping the runner
 * abandons the current job where it is, still marked running, for the next start to resume.
 */
public final class TrainingRunner {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingRunner.class);
  private static final long POLL_MS = 5_000;
  private static final long PERSIST_EVERY_MS = 1_000;

  private final Vertx vertx;
  private final TrainingJobStore store;
  private final DatasetVersions datasets;
  private final ClassifierJob classifierJob;
  private final FineTuneJob fineTuneJob;
  private final ModelService models;
  private final Path workDir;
  private final String device;
  private final ExecutorService thread;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile TestSplitEvaluation evaluation;
  private volatile UUID current;
  private volatile boolean cancelCurrent;
  private long timer = -1;

  /**
   * @param workDir where jobs checkpoint ({@code <workDir>/<jobId>/})
   * @param device the device this runner trains on, recorded on each job
   */
  public TrainingRunner(
      Vertx vertx,
      TrainingJobStore store,
      DatasetVersions datasets,
      ModelService models,
      Path workDir,
      String device) {
    this.vertx = vertx;
    this.store = store;
    this.datasets = datasets;
    this.classifierJob = new ClassifierJob(models);
    this.fineTuneJob = new FineTuneJob(models);
    this.models = models;
    this.workDir = workDir;
    this.device = device;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "sb-training-" + device);
              t.setDaemon(true);
              return t;
            });
  }

  /** Requeues interrupted jobs and starts taking jobs. */
  public Future<Void> start() {
    return store
        .requeueInterrupted()
        .map(
            n -> {
              if (n > 0) {
                LOG.atInfo().addKeyValue("jobs", n).log("resuming interrupted training jobs");
              }
              // The timer is a safety net; submissions wake the runner at once.
              timer = vertx.setPeriodic(POLL_MS, id -> wake());
              wake();
              return null;
            });
  }

  /**
   * Whether a hosted (non-classifier) model has this name: classifier versions share the {@code
   * models} table's (name, version) key with them.
   */
  boolean hostedModelNamed(String name) {
    return models.list().stream().anyMatch(m -> m.name().equals(name));
  }

  /**
   * Parses and checks a classifier job's params off the event loop (naming an encoder to fine-tune
   * reads its folder).
   *
   * @return the params, or a failure with a 400 naming the problem
   */
  Future<ClassifierParams> checkParams(JsonObject params) {
    return vertx.executeBlocking(
        () -> {
          ClassifierParams p;
          try {
            p = ClassifierParams.parse(params, models.gpu(), this::trainable);
          } catch (IllegalArgumentException e) {
            throw TaskException.invalid("params: " + e.getMessage());
          }
          if (p.fineTune()) {
            models.trainableEncoder(p.encoder());
          }
          return p;
        },
        false);
  }

  private boolean trainable(String encoder) {
    try {
      models.trainableEncoder(encoder);
      return true;
    } catch (TaskException e) {
      return false;
    }
  }

  /** Looks for queued jobs now. */
  public void wake() {
    if (!stopping.get() && draining.compareAndSet(false, true)) {
      thread.execute(this::drain);
    }
  }

  /** Stops the job in progress when it is {@code jobId} (it was marked cancelled already). */
  public void cancel(String jobId) {
    if (jobId.equals(String.valueOf(current))) {
      cancelCurrent = true;
    }
  }

  private void drain() {
    try {
      while (!stopping.get()) {
        TrainingJob job = await(store.claimNext(device));
        if (job == null) {
          break;
        }
        run(job);
      }
    } catch (RuntimeException e) {
      LOG.atWarn().setCause(e).log("training queue poll failed");
    } finally {
      draining.set(false);
    }
  }

  private void run(TrainingJob job) {
    current = job.id();
    cancelCurrent = false;
    String address = Addresses.training(job.id().toString());
    Path checkpoint = workDir.resolve(job.id().toString());
    long[] lastPersist = {0};
    LOG.atInfo().addKeyValue("job", job.id()).addKeyValue("name", job.name()).log("training");
    try {
      await(store.checkpoint(job.id(), checkpoint.toString()));
      var version = await(datasets.get(job.datasetVersionId()));
      if (version.task() != Task.CLASSIFICATION) {
        throw new IllegalArgumentException(
            "dataset version "
                + job.datasetVersionId()
                + " is a "
                + version.task().wireName()
                + " dataset; classifier jobs need a classification dataset");
      }
      LabelledSplits data =
          LabelledSplits.of(await(datasets.examples(job.datasetVersionId(), null)));
      ClassifierParams params = ClassifierParams.parse(job.params(), models.gpu(), this::trainable);
      if (params.fineTune()) {
        await(store.device(job.id(), models.trainingDevice()));
      }
      ClassifierJob.ProgressSink sink =
          (fraction, m, point) -> {
            JsonObject event = new JsonObject().put("type", "progress").put("progress", fraction);
            if (point != null) {
              event.put("point", point);
            }
            vertx.eventBus().publish(address, event);
            long now = System.currentTimeMillis();
            boolean epochEnd = point != null && point.getBoolean("endOfEpoch", false);
            if (epochEnd || now - lastPersist[0] >= PERSIST_EVERY_MS) {
              lastPersist[0] = now;
              store.progress(job.id(), fraction, m == null ? null : m.copy());
            }
          };
      BooleanSupplier cancelled = () -> cancelCurrent || stopping.get();
      JsonObject metrics =
          params.fineTune()
              ? fineTuneJob.run(job, data, params, checkpoint, cancelled, sink)
              : classifierJob.run(job, data, params, checkpoint, cancelled, sink);
      evaluate(job, metrics);
      await(store.finish(job.id(), "succeeded", metrics, null));
      deleteTree(checkpoint);
      publishEnd(address, "succeeded", metrics, null);
      LOG.atInfo()
          .addKeyValue("job", job.id())
          .addKeyValue("model", metrics.getString("model"))
          .log("training succeeded");
    } catch (CancellationException e) {
      if (cancelCurrent) {
        deleteTree(checkpoint);
        publishEnd(address, "cancelled", null, null);
      }
      // Stopping: the job stays 'running' and resumes at the next start.
    } catch (RuntimeException | LinkageError | AssertionError e) {
      // Anything else escaping a job would leave it 'running' until the next restart.
      Throwable cause =
          e instanceof java.util.concurrent.CompletionException && e.getCause() != null
              ? e.getCause()
              : e;
      String error = String.valueOf(cause.getMessage());
      LOG.atWarn().addKeyValue("job", job.id()).setCause(cause).log("training failed");
      try {
        await(store.finish(job.id(), "failed", null, error));
      } catch (RuntimeException ignored) {
        // The database is gone (shutdown): the next start requeues the job.
      }
      publishEnd(address, "failed", null, error);
    } finally {
      current = null;
    }
  }

  /** Starts an eval run of the new version on the test split, when there is one to run. */
  private void evaluate(TrainingJob job, JsonObject metrics) {
    TestSplitEvaluation e = evaluation;
    if (e == null || metrics.getInteger("testExamples", 0) == 0) {
      return;
    }
    try {
      metrics.put(
          "evalRunId",
          await(e.submit(job.datasetVersionId(), job.name(), metrics.getInteger("version"))));
    } catch (RuntimeException ex) {
      // The job's own test metrics stand; the eval run is a convenience for comparing versions.
      Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
      metrics.put("evalRunError", String.valueOf(cause.getMessage()));
    }
  }

  /** Where finished jobs start their eval runs. */
  void evaluateWith(TestSplitEvaluation evaluation) {
    this.evaluation = evaluation;
  }

  private void publishEnd(String address, String status, JsonObject metrics, String error) {
    vertx
        .eventBus()
        .publish(
            address,
            new JsonObject()
                .put("type", "status")
                .put("status", status)
                .put("metrics", metrics)
                .put("error", error));
  }

  /** Abandons the current job (it resumes at the next start) and stops the thread. */
  public Future<Void> stop() {
    stopping.set(true);
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    thread.shutdown();
    return vertx.executeBlocking(
        () -> {
          thread.awaitTermination(30, TimeUnit.SECONDS);
          return null;
        },
        false);
  }

  private static <T> T await(Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().join();
  }

  private static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    } catch (IOException e) {
      LOG.atWarn().addKeyValue("path", p).setCause(e).log("checkpoint not deleted");
    }
  }
}
