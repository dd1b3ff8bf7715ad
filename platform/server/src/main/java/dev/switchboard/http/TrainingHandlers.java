package dev.switchboard.http;

import dev.switchboard.models.ClassifierVersions;
import dev.switchboard.routing.Addresses;
import dev.switchboard.training.TrainingJob;
import dev.switchboard.training.TrainingJobs;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Training jobs ({@code /api/v1/training-jobs}: submit, list, get, cancel, SSE progress) and the
 * trained classifiers they produce ({@code /api/v1/classifiers}: versions, promote).
 */
final class TrainingHandlers {

  private final TrainingJobs jobs;
  private final ClassifierVersions classifiers;

  TrainingHandlers(TrainingJobs jobs, ClassifierVersions classifiers) {
    this.jobs = jobs;
    this.classifiers = classifiers;
  }

  void mount(Router router) {
    router.post("/api/v1/training-jobs").handler(this::submit);
    router.get("/api/v1/training-jobs").handler(this::list);
    router
        .get("/api/v1/training-jobs/:id")
        .handler(
            ctx ->
                TaskHandlers.respond(ctx, jobs.get(ctx.pathParam("id")).map(TrainingJob::toJson)));
    router
        .post("/api/v1/training-jobs/:id/cancel")
        .handler(
            ctx ->
                TaskHandlers.respond(
                    ctx, jobs.cancel(ctx.pathParam("id")).map(TrainingJob::toJson)));
    router.get("/api/v1/training-jobs/:id/events").handler(this::events);
    router
        .get("/api/v1/classifiers")
        .handler(
            ctx ->
                TaskHandlers.respond(
                    ctx,
                    io.vertx.core.Future.succeededFuture(
                        new JsonObject()
                            .put("items", new JsonArray(new ArrayList<>(classifiers.list()))))));
    router.post("/api/v1/classifiers/:name/promote").handler(this::promote);
  }

  /**
   * {@code {"kind":"classifier","datasetVersionId","name","params"}} → 201 {@code
   * {"id","status":"queued",..}}.
   */
  private void submit(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    var job =
        jobs.submit(
            body.getString("kind"),
            body.getString("name"),
            body.getString("datasetVersionId"),
            body.getJsonObject("params"));
    job.onSuccess(x -> ctx.response().setStatusCode(201));
    TaskHandlers.respond(ctx, job.map(TrainingJob::toJson));
  }

  private void list(RoutingContext ctx) {
    TaskHandlers.respond(ctx, jobs.page(ctx.queryParams().get("after"), Pages.limit(ctx)));
  }

  /** {@code {"version":N}} pins a version; {@code {"version":null}} serves the latest again. */
  private void promote(RoutingContext ctx) {
    Integer version = Bodies.object(ctx).getInteger("version");
    String name = ctx.pathParam("name");
    if (version == null) {
      TaskHandlers.respond(
          ctx,
          classifiers
              .unpin(name)
              .map(x -> new JsonObject().put("name", name).put("pinned", (Integer) null)));
      return;
    }
    TaskHandlers.respond(ctx, classifiers.promote(name, version).map(v -> v.toJson(true, true)));
  }

  /**
   * Server-sent events: {@code event: status} with the job as it stands, then {@code event:
   * progress} ({@code {"progress", "point"?}}, a point of the loss curve) until a final {@code
   * event: status} when the job ends; a job that already ended gets only the first.
   */
  private void events(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    HttpServerResponse response = ctx.response();
    List<JsonObject> early = new ArrayList<>();
    boolean[] started = {false};
    // Subscribe before reading the job, so nothing published in between is lost.
    MessageConsumer<JsonObject> consumer =
        ctx.vertx()
            .eventBus()
            .consumer(
                Addresses.training(id),
                msg -> {
                  if (started[0]) {
                    write(ctx, msg.body());
                  } else {
                    early.add(msg.body());
                  }
                });
    response.closeHandler(v -> consumer.unregister());
    response.endHandler(v -> consumer.unregister());
    jobs.get(id)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                consumer.unregister();
                ctx.fail(ar.cause());
                return;
              }
              if (response.closed()) {
                return;
              }
              response
                  .setChunked(true)
                  .putHeader("content-type", "text/event-stream")
                  .putHeader("cache-control", "no-cache")
                  .putHeader("x-accel-buffering", "no");
              TrainingJob job = ar.result();
              response.write("event: status\ndata: " + job.toJson().encode() + "\n\n");
              if (job.terminal()) {
                consumer.unregister();
                response.end();
                return;
              }
              started[0] = true;
              early.forEach(e -> write(ctx, e));
            });
  }

  private static void write(RoutingContext ctx, JsonObject event) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    boolean end = "status".equals(event.getString("type"));
    response.write(
        "event: " + (end ? "status" : "progress") + "\ndata: " + event.encode() + "\n\n");
    if (end) {
      response.end();
    }
  }
}
