package dev.switchboard.plugins;

import dev.switchboard.api.PluginMetrics;
import dev.switchboard.api.Principal;
import dev.switchboard.api.SubTasks;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.agent.ToolBox;
import dev.switchboard.api.chat.ConversationMemory;
import dev.switchboard.api.index.DocumentIndex;
import dev.switchboard.api.model.ModelCatalog;
import dev.switchboard.routing.Addresses;
import dev.switchboard.routing.TaskEnvelope;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The host's {@link TaskContext} for one request. Chunks go to the caller's stream address;
 * cancellation comes from {@code sb.cancel.<requestId>} (for streamed and chat requests) or the
 * deadline.
 */
final class HostTaskContext implements TaskContext {

  private final Vertx vertx;
  private final TaskEnvelope envelope;
  private final JsonObject config;
  private final HostServices services;
  private final HostTools tools;
  private final Logger log;
  private final PluginMetrics metrics;
  private final List<Runnable> cancelActions = new ArrayList<>();
  private volatile boolean cancelled;
  private MessageConsumer<Object> cancelConsumer;
  private long deadlineTimer = -1;
  private SubTasks subtasks;

  HostTaskContext(
      Vertx vertx,
      TaskEnvelope envelope,
      JsonObject config,
      HostServices services,
      HostTools tools,
      Logger log,
      PluginMetrics metrics,
      boolean listenForCancel) {
    this.vertx = vertx;
    this.envelope = envelope;
    this.config = config;
    this.services = services;
    this.tools = tools;
    this.log = log;
    this.metrics = metrics;
    if (listenForCancel) {
      cancelConsumer = vertx.eventBus().consumer(Addresses.cancel(envelope.id()), msg -> cancel());
    }
  }

  @Override
  public String requestId() {
    return envelope.id();
  }

  @Override
  public Instant deadline() {
    return envelope.deadline();
  }

  @Override
  public Principal principal() {
    return envelope.principal();
  }

  @Override
  public JsonObject config() {
    return config;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public ModelCatalog models() {
    return services.models();
  }

  @Override
  public DocumentIndex documents() {
    // A host built without an index falls back to the API's default: UNAVAILABLE.
    return services.documents() != null ? services.documents() : TaskContext.super.documents();
  }

  @Override
  public ConversationMemory conversations() {
    return services.conversations() != null
        ? services.conversations()
        : TaskContext.super.conversations();
  }

  @Override
  public synchronized SubTasks subtasks() {
    // One per request, so its sub-tasks are numbered in sequence.
    if (subtasks == null) {
      subtasks = new RoutedSubTasks(vertx, envelope);
    }
    return subtasks;
  }

  @Override
  public ToolBox tools() {
    return tools != null ? tools.forTask(this) : TaskContext.super.tools();
  }

  @Override
  public void emit(JsonObject chunk) {
    if (envelope.streamAddress() != null && !cancelled) {
      vertx.eventBus().send(envelope.streamAddress(), chunk);
    }
  }

  @Override
  public boolean isCancelled() {
    return cancelled || envelope.remainingMillis() <= 0;
  }

  @Override
  public void onCancel(Runnable action) {
    boolean runNow;
    synchronized (cancelActions) {
      runNow = isCancelled();
      if (!runNow) {
        cancelActions.add(action);
        if (deadlineTimer < 0) {
          deadlineTimer = vertx.setTimer(Math.max(1, envelope.remainingMillis()), id -> cancel());
        }
      }
    }
    if (runNow) {
      action.run();
    }
  }

  @Override
  public Logger log() {
    return log;
  }

  @Override
  public PluginMetrics metrics() {
    return metrics;
  }

  /** Marks the request cancelled and runs the registered actions once. */
  void cancel() {
    List<Runnable> actions;
    synchronized (cancelActions) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      actions = new ArrayList<>(cancelActions);
      cancelActions.clear();
    }
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        log.warn("cancel action failed for request {}", envelope.id(), e);
      }
    }
  }

  /** Releases the cancel listener and timer once the request is answered. */
  void close() {
    if (cancelConsumer != null) {
      cancelConsumer.unregister();
    }
    synchronized (cancelActions) {
      if (deadlineTimer >= 0) {
        vertx.cancelTimer(deadlineTimer);
      }
      cancelActions.clear();
    }
  }
}
