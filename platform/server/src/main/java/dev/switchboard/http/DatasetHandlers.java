package dev.switchboard.http;

import dev.switchboard.api.TaskException;
import dev.switchboard.datasets.Dataset;
import dev.switchboard.datasets.DatasetVersion;
import dev.switchboard.datasets.Datasets;
import dev.switchboard.datasets.DuplicateService;
import dev.switchboard.datasets.ExampleFilter;
import dev.switchboard.datasets.ExportFormat;
import dev.switchboard.datasets.ExportStreamer;
import dev.switchboard.datasets.ImportParser;
import dev.switchboard.datasets.Splitter;
import dev.switchboard.datasets.Task;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The datasets API: create and list datasets, import CSV/JSONL, page and edit examples, bulk edits
 * on a filter, stratified splits, immutable versions and streamed exports.
 */
final class DatasetHandlers {

  private final Datasets datasets;

  DatasetHandlers(Datasets datasets) {
    this.datasets = datasets;
  }

  void mount(Router router) {
    router.post("/api/v1/datasets").handler(this::create);
    router.get("/api/v1/datasets").handler(this::list);
    router
        .get("/api/v1/datasets/:id")
        .handler(ctx -> TaskHandlers.respond(ctx, dataset(ctx).map(Dataset::toJson)));
    router.post("/api/v1/datasets/:id/import").handler(this::importBody);
    router.get("/api/v1/datasets/:id/examples").handler(this::examples);
    router.post("/api/v1/datasets/:id/examples").handler(this::addExample);
    router.post("/api/v1/datasets/:id/examples/bulk").handler(this::bulk);
    router
        .get("/api/v1/examples/:id")
        .handler(ctx -> TaskHandlers.respond(ctx, datasets.store().example(ctx.pathParam("id"))));
    router.patch("/api/v1/examples/:id").handler(this::patch);
    router.post("/api/v1/datasets/:id/split").handler(this::split);
    router.post("/api/v1/datasets/:id/versions").handler(this::freeze);
    router.get("/api/v1/datasets/:id/versions").handler(this::versions);
    router.get("/api/v1/dataset-versions/:id").handler(this::version);
    router.get("/api/v1/datasets/:id/export").handler(this::export);
    router.get("/api/v1/datasets/:id/duplicates").handler(this::duplicates);
    router.post("/api/v1/datasets/:id/examples/from-conversation").handler(this::fromConversation);
    router.post("/api/v1/datasets/:id/examples/from-eval-log").handler(this::fromEvalLog);
  }

  private Future<Dataset> dataset(RoutingContext ctx) {
    return datasets.store().get(ctx.pathParam("id"));
  }

  /** {@code {"name","task","description"?,"labels"?:[..]}} → 201 with the dataset. */
  private void create(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    JsonArray labels = body.getJsonArray("labels");
    List<String> labelList =
        labels == null ? null : labels.stream().map(String.class::cast).distinct().toList();
    Future<JsonObject> created =
        datasets
            .store()
            .create(
                body.getString("name").strip(),
                Task.parse(body.getString("task")),
                body.getString("description"),
                labelList)
            .map(Dataset::toJson);
    created.onSuccess(x -> ctx.response().setStatusCode(201));
    TaskHandlers.respond(ctx, created);
  }

  private void list(RoutingContext ctx) {
    TaskHandlers.respond(
        ctx, datasets.store().list(ctx.queryParams().get("after"), Pages.limit(ctx)));
  }

  /**
   * The body is CSV ({@code text/csv}) or JSON Lines ({@code application/jsonl}, {@code
   * application/x-ndjson}); {@code ?status=approved} imports approved examples (default pending).
   * Parsing runs on a worker thread.
   */
  private void importBody(RoutingContext ctx) {
    ImportParser.Format format = ImportParser.Format.of(ctx.request().getHeader("content-type"));
    if (format == null) {
      throw TaskException.invalid(
          "send the examples as text/csv (header text,label) or application/jsonl"
              + " (application/x-ndjson), and say which in Content-Type");
    }
    String initial =
        ctx.queryParams().get("status") == null ? "pending" : ctx.queryParams().get("status");
    String body = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString();
    Future<JsonObject> result =
        dataset(ctx)
            .compose(
                ds ->
                    datasets
                        .vertx()
                        .executeBlocking(() -> ImportParser.parse(body, format, ds), false)
                        .compose(
                            parsed ->
                                datasets
                                    .store()
                                    .insert(ds.id(), parsed.examples(), initial)
                                    .map(
                                        n ->
                                            new JsonObject()
                                                .put("imported", n)
                                                .put("rejected", parsed.rejected()))));
    TaskHandlers.respond(ctx, result);
  }

  private ExampleFilter filter(RoutingContext ctx) {
    return new ExampleFilter(
        ctx.queryParams().get("status"),
        ctx.queryParams().get("split"),
        ctx.queryParams().get("label"),
        ctx.queryParams().get("q"),
        null);
  }

  private void examples(RoutingContext ctx) {
    ExampleFilter filter = filter(ctx);
    int limit = Pages.limit(ctx);
    String after = ctx.queryParams().get("after");
    TaskHandlers.respond(
        ctx, dataset(ctx).compose(ds -> datasets.store().examples(ds.id(), filter, after, limit)));
  }

  /**
   * One example in the shape of a JSON Lines import line ({@code {"text","label"}}, {@code
   * {"messages"}}, ...) plus an optional {@code "status"} → 201 with the example; a quality problem
   * is a 400 naming it.
   */
  private void addExample(RoutingContext ctx) {
    JsonObject line = Bodies.object(ctx).copy();
    Object status = line.remove("status");
    Future<JsonObject> created =
        dataset(ctx)
            .compose(
                ds -> {
                  ImportParser.Parsed parsed =
                      ImportParser.parse(line.encode(), ImportParser.Format.JSONL, ds);
                  if (parsed.examples().isEmpty()) {
                    return Future.failedFuture(
                        TaskException.invalid(
                            parsed.rejected().getJsonObject(0).getString("reason")));
                  }
                  return datasets
                      .store()
                      .insertOne(
                          ds.id(),
                          parsed.examples().get(0),
                          status == null ? "pending" : (String) status);
                });
    created.onSuccess(x -> ctx.response().setStatusCode(201));
    TaskHandlers.respond(ctx, created);
  }

  private void patch(RoutingContext ctx) {
    TaskHandlers.respond(ctx, datasets.store().patch(ctx.pathParam("id"), Bodies.object(ctx)));
  }

  /**
   * {@code {"filter":{status,split,label,q,ids},"set":{label|status|split}}} → {@code {"updated"}}.
   */
  private void bulk(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    ExampleFilter filter = ExampleFilter.fromJson(body.getJsonObject("filter"));
    JsonObject set = body.getJsonObject("set");
    TaskHandlers.respond(
        ctx,
        dataset(ctx)
            .compose(ds -> datasets.store().bulk(ds, filter, set))
            .map(n -> new JsonObject().put("updated", n)));
  }

  /** {@code {"train":0.8,"validation":0.1,"test":0.1,"seed":42,"onlyUnassigned":false}}. */
  private void split(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    Splitter splitter =
        new Splitter(
            body.getDouble("train", 0.8),
            body.getDouble("validation", 0.1),
            body.getDouble("test", 0.1),
            body.getLong("seed", 42L));
    boolean onlyUnassigned = body.getBoolean("onlyUnassigned", false);
    TaskHandlers.respond(
        ctx, dataset(ctx).compose(ds -> datasets.splits().split(ds, splitter, onlyUnassigned)));
  }

  /** {@code {"include":"non-rejected"|"approved"}} (optional body) → 201 with the version. */
  private void freeze(RoutingContext ctx) {
    String include = Bodies.optional(ctx).getString("include");
    Future<JsonObject> frozen =
        dataset(ctx)
            .compose(ds -> datasets.versions().freeze(ds, include))
            .map(DatasetVersion::toJson);
    frozen.onSuccess(x -> ctx.response().setStatusCode(201));
    TaskHandlers.respond(ctx, frozen);
  }

  private void versions(RoutingContext ctx) {
    TaskHandlers.respond(
        ctx,
        dataset(ctx)
            .compose(ds -> datasets.versions().list(ds.id()))
            .map(
                list -> {
                  JsonArray items = new JsonArray();
                  list.forEach(v -> items.add(v.toJson()));
                  return new JsonObject().put("items", items).put("next", (String) null);
                }));
  }

  private void version(RoutingContext ctx) {
    UUID id;
    try {
      id = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw TaskException.notFound("unknown dataset version " + ctx.pathParam("id"));
    }
    TaskHandlers.respond(ctx, datasets.versions().get(id).map(DatasetVersion::toJson));
  }

  /**
   * {@code ?format=jsonl|csv|openai-chat|openai-dpo|sharegpt|alpaca}; {@code &version=<n or id>}
   * exports a frozen version (with {@code &split=}), otherwise the current non-rejected examples
   * (with the examples list's filters).
   */
  private void export(RoutingContext ctx) {
    String formatName = ctx.queryParams().get("format");
    ExportFormat format = ExportFormat.parse(formatName == null ? "jsonl" : formatName);
    String version = ctx.queryParams().get("version");
    ExampleFilter filter = filter(ctx);
    dataset(ctx)
        .compose(
            ds -> {
              List<Object> args = new ArrayList<>();
              if (version == null) {
                args.add(ds.id());
                return Future.succeededFuture(
                    new Query(ds, ExportStreamer.currentSql(filter, args), args));
              }
              return versionId(ds, version)
                  .map(
                      id -> {
                        args.add(id);
                        String split = filter.split();
                        return new Query(ds, ExportStreamer.versionSql(split, args), args);
                      });
            })
        .compose(
            q -> {
              ctx.response()
                  .putHeader("content-type", format.contentType() + "; charset=utf-8")
                  .putHeader(
                      "content-disposition",
                      "attachment; filename=\""
                          + q.dataset().name().replaceAll("[^A-Za-z0-9._-]", "_")
                          + "."
                          + format.wireName()
                          + (format == ExportFormat.CSV ? "" : ".jsonl")
                          + "\"");
              return datasets.exports().stream(
                  ctx.response(), q.sql(), q.args(), format, q.dataset().task());
            })
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                ctx.response().end();
              } else if (!ctx.response().headWritten()) {
                ctx.fail(ar.cause());
              } else {
                // Mid-stream: the status is sent; cutting the connection tells the client.
                ctx.response().reset();
              }
            });
  }

  /**
   * {@code ?threshold=0.8&permutations=128&limit=100}: exact and near-duplicate clusters of the
   * non-rejected examples, largest first.
   */
  private void duplicates(RoutingContext ctx) {
    double threshold = number(ctx, "threshold", DuplicateService.DEFAULT_THRESHOLD);
    int permutations = (int) number(ctx, "permutations", DuplicateService.DEFAULT_PERMUTATIONS);
    int limit = (int) number(ctx, "limit", 100);
    TaskHandlers.respond(
        ctx,
        dataset(ctx).compose(ds -> datasets.duplicates().find(ds, threshold, permutations, limit)));
  }

  /** A query parameter the spec has checked for type and range. */
  private static double number(RoutingContext ctx, String name, double fallback) {
    String raw = ctx.queryParams().get(name);
    return raw == null || raw.isEmpty() ? fallback : Double.parseDouble(raw);
  }

  /** {@code {"conversationId","messageId"?,"label"?,"status"?}} → 201 with the new example. */
  private void fromConversation(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String conversation = body.getString("conversationId");
    String message = body.getString("messageId");
    String label = body.getString("label");
    String status = body.getString("status", "pending");
    Future<JsonObject> created =
        dataset(ctx)
            .compose(
                ds ->
                    datasets
                        .promotions()
                        .fromConversation(ds, conversation, message, label, status));
    created.onSuccess(x -> ctx.response().setStatusCode(201));
    TaskHandlers.respond(ctx, created);
  }

  /**
   * {@code {"evalLogId","label"?,"relevant"?:[ids],"status"?}} → {@code {"imported","rejected"}}.
   */
  private void fromEvalLog(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String entry = body.getString("evalLogId");
    String label = body.getString("label");
    JsonArray relevant = body.getJsonArray("relevant");
    String status = body.getString("status", "pending");
    TaskHandlers.respond(
        ctx,
        dataset(ctx)
            .compose(ds -> datasets.promotions().fromEvalLog(ds, entry, label, relevant, status)));
  }

  private record Query(Dataset dataset, String sql, List<Object> args) {}

  private Future<UUID> versionId(Dataset ds, String version) {
    return datasets
        .versions()
        .list(ds.id())
        .map(
            list -> {
              for (DatasetVersion v : list) {
                if (v.id().toString().equals(version)
                    || String.valueOf(v.version()).equals(version)) {
                  return v.id();
                }
              }
              throw TaskException.notFound("dataset " + ds.name() + " has no version " + version);
            });
  }
}
