package dev.switchboard.http;

import dev.switchboard.api.index.DocumentIndex;
import dev.switchboard.auth.AuthService;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.conversations.ConversationStore;
import dev.switchboard.datasets.Datasets;
import dev.switchboard.db.Database;
import dev.switchboard.evaluation.EvalLogQueries;
import dev.switchboard.evaluation.EvalRunStore;
import dev.switchboard.evaluation.EvalRunner;
import dev.switchboard.evaluation.EvalTarget;
import dev.switchboard.models.ModelService;
import dev.switchboard.plugins.PluginHost;
import dev.switchboard.routing.RouteStore;
import dev.switchboard.routing.RoutingTable;
import dev.switchboard.routing.TaskDispatcher;
import dev.switchboard.training.TrainingJobs;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicReference;

/** The handlers the HTTP verticles share, built once from the running services. */
public final class HttpApi {

  private final SwitchboardConfig config;
  private final HealthHandler health;
  private final TaskHandlers tasks;
  private final CollectionHandlers collections;
  private final PluginHandlers plugins;
  private final RouteHandlers routes;
  private final ModelHandlers models;
  private final OpenAiHandlers openAi;
  private final ChatCompletions chatCompletions;
  private final ConversationHandlers conversations;
  private final DatasetHandlers datasets;
  private final TrainingHandlers training;
  private final EvalHandlers evals;
  private final Handler<RoutingContext> metrics;
  private final AuthService auth;
  private final RequestValidation validation;

  public HttpApi(
      Vertx vertx,
      SwitchboardConfig config,
      Database database,
      PluginHost pluginHost,
      ModelService models,
      ConversationStore conversations,
      RouteStore routeStore,
      AtomicReference<RoutingTable> routingTable,
      TaskDispatcher dispatcher,
      DocumentIndex documents,
      Handler<RoutingContext> metrics,
      AuthService auth,
      TrainingJobs trainingJobs,
      EvalRunner evalRunner,
      RequestValidation validation) {
    this.config = config;
    this.auth = auth;
    this.validation = validation;
    this.health = new HealthHandler(database, pluginHost, models);
    this.models = new ModelHandlers(models);
    this.openAi = new OpenAiHandlers(models);
    TaskGateway gateway = new TaskGateway(vertx, dispatcher);
    ChatTurns chatTurns = new ChatTurns(gateway, conversations);
    this.tasks = new TaskHandlers(gateway, chatTurns, config.defaultTimeout());
    this.collections =
        new CollectionHandlers(
            documents, tasks, config.home().resolve("tmp/documents"), config.maxDocumentBytes());
    this.chatCompletions = new ChatCompletions(chatTurns, gateway, config.defaultTimeout());
    this.conversations = new ConversationHandlers(conversations);
    Datasets datasetServices = new Datasets(vertx, database.pool());
    this.datasets = new DatasetHandlers(datasetServices);
    EvalRunStore evalRuns = new EvalRunStore(database.pool());
    this.evals = new EvalHandlers(evalRunner, evalRuns, new EvalLogQueries(database.pool()));
    // A finished training job evaluates its new version through the classifier plugin.
    trainingJobs.evaluateWith(
        (versionId, classifier, version) ->
            evalRunner
                .submit(
                    versionId,
                    "test",
                    new EvalTarget(
                        "classifier",
                        null,
                        classifier,
                        null,
                        new JsonObject().put("version", version)))
                .map(run -> run.getString("id")));
    this.plugins =
        new PluginHandlers(
            pluginHost, config.home().resolve("tmp/uploads"), config.maxPluginBytes());
    this.routes = new RouteHandlers(routeStore, routingTable);
    this.training = new TrainingHandlers(trainingJobs, models.classifiers());
    this.metrics = metrics;
  }

  String host() {
    return config.host();
  }

  int port() {
    return config.port();
  }

  long maxBodyBytes() {
    return config.maxBodyBytes();
  }

  HealthHandler health() {
    return health;
  }

  TaskHandlers tasks() {
    return tasks;
  }

  CollectionHandlers collections() {
    return collections;
  }

  PluginHandlers plugins() {
    return plugins;
  }

  RouteHandlers routes() {
    return routes;
  }

  ModelHandlers models() {
    return models;
  }

  OpenAiHandlers openAi() {
    return openAi;
  }

  ChatCompletions chatCompletions() {
    return chatCompletions;
  }

  ConversationHandlers conversations() {
    return conversations;
  }

  DatasetHandlers datasets() {
    return datasets;
  }

  EvalHandlers evals() {
    return evals;
  }

  TrainingHandlers training() {
    return training;
  }

  Handler<RoutingContext> metrics() {
    return metrics;
  }

  AuthService auth() {
    return auth;
  }

  RequestValidation validation() {
    return validation;
  }

  private volatile java.util.List<String> servedRoutes;

  /** Remembers the routes of the first router built, as {@code "METHOD /path/{param}"}. */
  void recordRoutes(io.vertx.ext.web.Router router) {
    if (servedRoutes != null) {
      return;
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    for (io.vertx.ext.web.Route route : router.getRoutes()) {
      if (route.getPath() == null || route.methods() == null) {
        continue;
      }
      String path = route.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
      for (io.vertx.core.http.HttpMethod method : route.methods()) {
        out.add(method.name() + " " + path);
      }
    }
    java.util.Collections.sort(out);
    servedRoutes = java.util.List.copyOf(out);
  }

  /** The HTTP routes served, for the test that keeps the OpenAPI document true. */
  public java.util.List<String> servedRoutes() {
    return servedRoutes == null ? java.util.List.of() : servedRoutes;
  }
}
