package dev.switchboard.http;

import dev.switchboard.api.TaskException;
import dev.switchboard.evaluation.EvalLogQueries;
import dev.switchboard.evaluation.EvalRunStore;
import dev.switchboard.evaluation.EvalRunner;
import dev.switchboard.evaluation.EvalTarget;
import dev.switchboard.evaluation.RunComparison;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * Evaluation runs ({@code /api/v1/eval-runs}: start, state and metrics, results, comparison) and
 * the production eval log ({@code /api/v1/eval-log}, {@code /api/v1/eval-log/stats}).
 */
final class EvalHandlers {

  private final EvalRunner runner;
  private final EvalRunStore runs;
  private final RunComparison comparison;
  private final EvalLogQueries log;

  EvalHandlers(EvalRunner runner, EvalRunStore runs, EvalLogQueries log) {
    this.runner = runner;
    this.runs = runs;
    this.comparison = new RunComparison(runs);
    this.log = log;
  }

  void mount(Router router) {
    router.post("/api/v1/eval-runs").handler(this::start);
    router
        .get("/api/v1/eval-runs")
        .handler(
            ctx ->
                TaskHandlers.respond(
                    ctx, runs.list(ctx.queryParams().get("after"), Pages.limit(ctx))));
    router
        .get("/api/v1/eval-runs/:id")
        .handler(ctx -> TaskHandlers.respond(ctx, runs.get(ctx.pathParam("id"))));
    router.get("/api/v1/eval-runs/:id/results").handler(this::results);
    router
        .get("/api/v1/eval-runs/:id/compare/:other")
        .handler(
            ctx ->
                TaskHandlers.respond(
                    ctx, comparison.compare(ctx.pathParam("id"), ctx.pathParam("other"))));
    router.get("/api/v1/eval-log").handler(this::logPage);
    router
        .get("/api/v1/eval-log/stats")
        .handler(ctx -> TaskHandlers.respond(ctx, log.stats(filter(ctx))));
  }

  /**
   * {@code
   * {"datasetVersionId","split":"test","target":{plugin,model,classifier,collection,params}}}.
   */
  private void start(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String version = body.getString("datasetVersionId");
    UUID versionId;
    try {
      versionId = UUID.fromString(version);
    } catch (IllegalArgumentException e) {
      throw TaskException.notFound("unknown dataset version " + version);
    }
    EvalTarget target = EvalTarget.fromJson(body.getJsonObject("target"));
    Future<JsonObject> queued = runner.submit(versionId, body.getString("split", "test"), target);
    queued.onSuccess(x -> ctx.response().setStatusCode(201));
    TaskHandlers.respond(ctx, queued);
  }

  /** {@code ?correct=true|false&after=&limit=}. */
  private void results(RoutingContext ctx) {
    String correct = ctx.queryParams().get("correct");
    Boolean filter = correct == null ? null : Boolean.valueOf(correct);
    TaskHandlers.respond(
        ctx,
        runs.results(
            ctx.pathParam("id"), filter, ctx.queryParams().get("after"), Pages.limit(ctx)));
  }

  private void logPage(RoutingContext ctx) {
    TaskHandlers.respond(
        ctx, log.page(filter(ctx), ctx.queryParams().get("after"), Pages.limit(ctx)));
  }

  private static EvalLogQueries.Filter filter(RoutingContext ctx) {
    String shadow = ctx.queryParams().get("shadow");
    return new EvalLogQueries.Filter(
        ctx.queryParams().get("plugin"),
        ctx.queryParams().get("model"),
        ctx.queryParams().get("task"),
        ctx.queryParams().get("from"),
        ctx.queryParams().get("to"),
        shadow == null ? null : Boolean.valueOf(shadow),
        ctx.queryParams().get("user"),
        EvalLogQueries.FeedbackFilter.parse(ctx.queryParams().get("feedback")));
  }
}
