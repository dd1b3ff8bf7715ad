package dev.switchboard.routing;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.TaskType;
import dev.switchboard.eval.EvalLogEntry;
import dev.switchboard.eval.EvalLogWriter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The routing decision and its consequences: picks the plugin that serves a task (explicit plugin
 * in the request, else the routing table, else any plugin serving the task), forwards the envelope
 * to {@code sb.plugin.<id>.<type>} with the time left before its deadline, sends shadow copies, and
 * logs every outcome to the eval log. {@link TaskRouter} serves it at {@code sb.task.<type>}; the
 * HTTP side of the same process calls it directly and saves a bus hop.
 */
public final class TaskDispatcher {

  /**
   * A routed task's answer.
   *
   * @param body the plugin's result
   * @param plugin the plugin that answered
   * @param model the model it was asked to use, or null
   */
  public record Dispatched(Object body, String plugin, String model) {}

  private final Vertx vertx;
  private final PluginDirectory plugins;
  private final Supplier<RoutingTable> table;
  private final EvalLogWriter evalLog;

  public TaskDispatcher(
      Vertx vertx, PluginDirectory plugins, Supplier<RoutingTable> table, EvalLogWriter evalLog) {
    this.vertx = vertx;
    this.plugins = plugins;
    this.table = table;
    this.evalLog = evalLog;
  }

  /**
   * Routes one task.
   *
   * @param envelope the task
   * @return the answer, or a failure carrying a {@link TaskException}
   */
  public Future<Dispatched> dispatch(TaskEnvelope envelope) {
    long remaining = envelope.remainingMillis();
    if (remaining <= 0) {
      return Future.failedFuture(
          new TaskException(ErrorCode.DEADLINE_EXCEEDED, "the request's deadline passed"));
    }
    RoutingTable routes = table.get();
    TaskEnvelope routed;
    try {
      routed = resolve(envelope, routes);
    } catch (TaskException e) {
      log(envelope, envelope.plugin(), null, 0, e, null);
      return Future.failedFuture(e);
    }
    long start = System.nanoTime();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(remaining);
    Future<Dispatched> answer =
        vertx
            .eventBus()
            .<Object>request(plugins.addressFor(routed.plugin(), routed.task()), routed, options)
            .transform(
                ar -> {
                  int latencyMs = (int) ((System.nanoTime() - start) / 1_000_000);
                  if (ar.succeeded()) {
                    Object body = ar.result().body();
                    log(routed, routed.plugin(), routed.model(), latencyMs, null, body);
                    return Future.succeededFuture(
                        new Dispatched(body, routed.plugin(), routed.model()));
                  }
                  TaskException error =
                      TaskFailures.from(
                          ar.cause(), "plugin " + routed.plugin() + " is not serving");
                  log(routed, routed.plugin(), routed.model(), latencyMs, error, null);
                  return Future.failedFuture(error);
                });
    sendShadows(envelope, routes);
    return answer;
  }

  /** Chooses the plugin; fails with 404 for an unknown plugin and 503 when nothing serves. */
  private TaskEnvelope resolve(TaskEnvelope envelope, RoutingTable routes) {
    TaskType task = envelope.task();
    if (envelope.plugin() != null) {
      String id = envelope.plugin();
      if (!plugins.exists(id)) {
        throw TaskException.notFound("unknown plugin " + id);
      }
      if (!plugins.isServing(id)) {
        throw TaskException.unavailable("plugin " + id + " is not serving (disabled or failed)");
      }
      if (!plugins.provides(id, task)) {
        throw TaskException.notFound("plugin " + id + " does not serve task " + task.wireName());
      }
      Route configured = routes.routeFor(task, id).orElse(null);
      String extension =
          envelope.extension() != null
              ? envelope.extension()
              : configured == null ? null : configured.extension();
      String model =
          envelope.model() != null
              ? envelope.model()
              : configured == null ? null : configured.model();
      return withRouteConfig(envelope.routedTo(id, extension, model), configured);
    }
    Route route = routes.select(task, plugins).orElse(null);
    if (route != null) {
      String model = envelope.model() != null ? envelope.model() : route.model();
      return withRouteConfig(envelope.routedTo(route.pluginId(), route.extension(), model), route);
    }
    List<String> providers = plugins.servingProviders(task);
    if (providers.isEmpty()) {
      throw TaskException.unavailable(
          "no plugin serves task "
              + task.wireName()
              + "; install or enable one (GET /api/v1/plugins) or add a route (PUT /api/v1/routes)");
    }
    return envelope.routedTo(providers.get(0), null, envelope.model());
  }

  /**
   * Hands a route's settings (a system prompt, a RAG collection, ...) to the plugin: merged under
   * the request's own {@code extra} for chat and {@code params} for classification, so the request
   * wins where both set a key.
   */
  static TaskEnvelope withRouteConfig(TaskEnvelope envelope, Route route) {
    if (route == null || route.config().isEmpty() || envelope.task() == TaskType.RETRIEVE) {
      return envelope;
    }
    String field = envelope.task() == TaskType.CHAT ? "extra" : "params";
    JsonObject input = envelope.input().copy();
    JsonObject own = input.getJsonObject(field, new JsonObject());
    input.put(field, route.config().copy().mergeIn(own));
    return envelope.withInput(input);
  }

  private void sendShadows(TaskEnvelope envelope, RoutingTable routes) {
    for (Route shadow : routes.shadows(envelope.task())) {
      if (!plugins.isServing(shadow.pluginId()) || shadow.pluginId().equals(envelope.plugin())) {
        continue;
      }
      TaskEnvelope copy =
          withRouteConfig(
              envelope.asShadow(shadow.pluginId(), shadow.extension(), shadow.model()), shadow);
      long start = System.nanoTime();
      vertx
          .eventBus()
          .<Object>request(
              Addresses.plugin(copy.plugin(), copy.task()),
              copy,
              new DeliveryOptions().setSendTimeout(Math.max(1, envelope.remainingMillis())))
          .onComplete(
              ar -> {
                int latencyMs = (int) ((System.nanoTime() - start) / 1_000_000);
                TaskException error =
                    ar.failed()
                        ? TaskFailures.from(ar.cause(), "shadow plugin is not serving")
                        : null;
                log(
                    copy,
                    copy.plugin(),
                    copy.model(),
                    latencyMs,
                    error,
                    ar.succeeded() ? ar.result().body() : null);
              });
    }
  }

  private void log(
      TaskEnvelope envelope,
      String plugin,
      String model,
      int latencyMs,
      TaskException error,
      Object output) {
    evalLog.record(
        new EvalLogEntry(
            envelope.id(),
            envelope.task().wireName(),
            plugin,
            envelope.extension(),
            model,
            error == null ? 200 : error.code().httpStatus(),
            error == null ? null : error.code().wireName(),
            latencyMs,
            envelope.shadow(),
            envelope.input(),
            output instanceof JsonObject json ? json : null,
            envelope.principal().user(),
            envelope.principal().apiKeyId(),
            Instant.now()));
  }
}
