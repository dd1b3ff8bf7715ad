package dev.switchboard.plugins;

import dev.switchboard.api.PluginMetrics;
import dev.switchboard.api.Principal;
import dev.switchboard.api.SubTasks;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.agent.ToolBox;
import dev.switchboard.api.chat.ConversationMemory;
import dev.switchboard.api.index.DocumentIndex;
import dev.switchboard.api.model.ModelCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * The context a tool runs with: the calling request's id, deadline, principal, cancellation and
 * services, but the tool's own plugin's config, logger and metrics, and a tool box one level
 * deeper. A tool's output is its result, not part of the caller's stream, so it emits nothing.
 */
final class ToolTaskContext implements TaskContext {

  private final TaskContext caller;
  private final JsonObject config;
  private final Logger log;
  private final PluginMetrics metrics;
  private final ToolBox tools;

  ToolTaskContext(
      TaskContext caller, JsonObject config, Logger log, PluginMetrics metrics, ToolBox tools) {
    this.caller = caller;
    this.config = config;
    this.log = log;
    this.metrics = metrics;
    this.tools = tools;
  }

  @Override
  public String requestId() {
    return caller.requestId();
  }

  @Override
  public Instant deadline() {
    return caller.deadline();
  }

  @Override
  public Principal principal() {
    return caller.principal();
  }

  @Override
  public JsonObject config() {
    return config;
  }

  @Override
  public Vertx vertx() {
    return caller.vertx();
  }

  @Override
  public ModelCatalog models() {
    return caller.models();
  }

  @Override
  public DocumentIndex documents() {
    return caller.documents();
  }

  @Override
  public ConversationMemory conversations() {
    return caller.conversations();
  }

  @Override
  public SubTasks subtasks() {
    return caller.subtasks();
  }

  @Override
  public ToolBox tools() {
    return tools;
  }

  @Override
  public void emit(JsonObject chunk) {}

  @Override
  public boolean isCancelled() {
    return caller.isCancelled();
  }

  @Override
  public void onCancel(Runnable action) {
    caller.onCancel(action);
  }

  @Override
  public Logger log() {
    return log;
  }

  @Override
  public PluginMetrics metrics() {
    return metrics;
  }
}
