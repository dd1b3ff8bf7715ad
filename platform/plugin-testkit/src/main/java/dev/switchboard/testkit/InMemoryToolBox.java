package dev.switchboard.testkit;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.agent.Tool;
import dev.switchboard.api.agent.ToolBox;
import dev.switchboard.api.agent.ToolSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tools a {@link PluginTestHost} offers its tasks through {@link TaskContext#tools()}, as the
 * server offers every started plugin's tools: the plugin's own {@link Tool} extensions, plus any a
 * test adds to stand for other plugins'. It runs them with the calling task's context and records
 * each invocation. Failures follow the server's contract: {@code NOT_FOUND} for an unknown name, a
 * tool's own {@link TaskException} as it is, anything else as {@code INTERNAL}.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class InMemoryToolBox {

  /**
   * One recorded call.
   *
   * @param name the tool's name
   * @param arguments the arguments it got
   */
  @ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
  public record Invocation(String name, JsonObject arguments) {}

  private final Map<String, Tool> tools = new LinkedHashMap<>();
  private final List<Invocation> invocations = new CopyOnWriteArrayList<>();

  /** Creates an empty tool box. */
  public InMemoryToolBox() {}

  /**
   * Offers tools; a tool whose name is already offered replaces the earlier one.
   *
   * @param added the tools
   * @return this tool box
   */
  public synchronized InMemoryToolBox add(Tool... added) {
    for (Tool tool : added) {
      tools.put(tool.spec().name(), tool);
    }
    return this;
  }

  /**
   * The specs of the tools offered now.
   *
   * @return a snapshot
   */
  public synchronized List<ToolSpec> specs() {
    List<ToolSpec> out = new ArrayList<>();
    tools.values().forEach(t -> out.add(t.spec()));
    return out;
  }

  /**
   * The invocations so far, in order.
   *
   * @return a snapshot
   */
  public List<Invocation> invocations() {
    return List.copyOf(invocations);
  }

  /**
   * The view of this tool box one task gets: tools run with that task's context.
   *
   * @param ctx the calling task's context
   * @return the tool box
   */
  public ToolBox forTask(TaskContext ctx) {
    Objects.requireNonNull(ctx, "ctx");
    return new ToolBox() {
      @Override
      public List<ToolSpec> specs() {
        return InMemoryToolBox.this.specs();
      }

      @Override
      public Future<JsonObject> invoke(String name, JsonObject arguments) {
        return InMemoryToolBox.this.invoke(name, arguments, ctx);
      }
    };
  }

  private Future<JsonObject> invoke(String name, JsonObject arguments, TaskContext ctx) {
    Tool tool;
    synchronized (this) {
      tool = tools.get(name);
    }
    if (tool == null) {
      return Future.failedFuture(TaskException.notFound("unknown tool " + name));
    }
    JsonObject args = arguments == null ? new JsonObject() : arguments;
    invocations.add(new Invocation(name, args.copy()));
    Future<JsonObject> result;
    try {
      result = tool.invoke(args, ctx);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    if (result == null) {
      result = Future.failedFuture(new IllegalStateException("tool returned no future"));
    }
    return result.recover(
        err ->
            Future.failedFuture(
                err instanceof TaskException
                    ? err
                    : new TaskException(ErrorCode.INTERNAL, "tool " + name + " failed", err)));
  }
}
