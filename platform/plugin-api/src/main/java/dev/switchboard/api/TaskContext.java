package dev.switchboard.api;

import dev.switchboard.api.index.DocumentIndex;
import dev.switchboard.api.model.ModelCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * Everything a plugin may use while it serves one task. The host builds one per request; a plugin
 * never sees the plugin manager, the database or the event bus addresses.
 *
 * <p>Methods are safe to call from any thread. Futures a plugin returns may complete on any thread;
 * the host moves the result back to the caller's context.
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public interface TaskContext {

  /**
   * The id of the request, shown to clients in errors and logs.
   *
   * @return a unique id, never null
   */
  String requestId();

  /**
   * When the caller stops waiting. Work past this point is wasted.
   *
   * @return the deadline, never null
   */
  Instant deadline();

  /**
   * Who the request is made for.
   *
   * @return the principal, never null
   */
  Principal principal();

  /**
   * The plugin's configuration, as set by the operator (empty when none).
   *
   * @return a read-only view, never null
   */
  JsonObject config();

  /**
   * The Vert.x instance, for timers, HTTP clients and {@code executeBlocking}.
   *
   * @return the host's Vert.x, never null
   */
  Vertx vertx();

  /**
   * The locally hosted models this plugin may use.
   *
   * @return the catalog, never null
   */
  ModelCatalog models();

  /**
   * The host's document index, where a retriever stores and searches chunks (plugins never reach
   * the database themselves).
   *
   * <p>The default throws, so that hosts written before this method keep compiling; the server and
   * the testkit both provide one.
   *
   * @return the index, never null
   * @throws TaskException with {@link ErrorCode#UNAVAILABLE} when the host offers none
   */
  @ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
  default DocumentIndex documents() {
    throw TaskException.unavailable("this host offers no document index");
  }

  /**
   * The host's stored conversations, for chat memory.
   *
   * @return the memory, never null
   * @throws TaskException with {@link ErrorCode#UNAVAILABLE} when the host offers none
   */
  @ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
  default dev.switchboard.api.chat.ConversationMemory conversations() {
    throw TaskException.unavailable("this host offers no conversation memory");
  }

  /**
   * Runs retrieval or classification through the platform's router on behalf of this request, for
   * example to ground a chat answer in a collection.
   *
   * @return the sub-task runner, never null
   * @throws TaskException with {@link ErrorCode#UNAVAILABLE} when the host offers none
   */
  @ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
  default SubTasks subtasks() {
    throw TaskException.unavailable("this host runs no sub-tasks");
  }

  /**
   * The tools started plugins contribute, for an agent loop.
   *
   * @return the tools, never null
   * @throws TaskException with {@link ErrorCode#UNAVAILABLE} when the host offers none
   */
  @ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
  default dev.switchboard.api.agent.ToolBox tools() {
    throw TaskException.unavailable("this host offers no tools");
  }

  /**
   * Streams one chunk to the caller, in order, before the final result. A no-op when the caller did
   * not ask for a stream.
   *
   * @param chunk the chunk's JSON form, for chat a {@link dev.switchboard.api.chat.ChatChunk}
   */
  void emit(JsonObject chunk);

  /**
   * Whether the caller went away or the deadline passed; long work should check it and stop.
   *
   * @return true once cancelled
   */
  boolean isCancelled();

  /**
   * Registers an action to run once when the request is cancelled, for example to stop generation.
   * Runs at once if the request is already cancelled.
   *
   * @param action the action, run on an arbitrary thread
   */
  void onCancel(Runnable action);

  /**
   * A logger named after the plugin, with the request id in its context.
   *
   * @return the logger, never null
   */
  Logger log();

  /**
   * Metrics tagged with the plugin id.
   *
   * @return the metrics, never null
   */
  PluginMetrics metrics();
}
