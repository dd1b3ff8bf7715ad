package dev.switchboard.plugins;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.PluginMetrics;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Tool}s of every started plugin, offered to all plugins through {@link
 * TaskContext#tools()}. A tool runs within the calling request but as its own plugin: with that
 * plugin's config, logger and metrics. When two plugins offer a tool of the same name, the one
 * started first keeps it (built-in plugins start first). A tool may call tools itself, {@value
 * #MAX_DEPTH} levels deep: past that a call fails with {@code CONFLICT}, so tools that call each
 * other in a circle stop at once instead of at the request's deadline.
 */
final class HostTools {

  private static final Logger LOG = LoggerFactory.getLogger(HostTools.class);

  /** How deep tools may call tools. */
  static final int MAX_DEPTH = 3;

  /** A plugin's tools with what their context needs from that plugin. */
  private record Owner(
      String pluginId,
      List<Tool> tools,
      Supplier<JsonObject> config,
      Logger log,
      PluginMetrics metrics) {}

  private final Map<String, Owner> owners = new LinkedHashMap<>();

  /** Offers a started plugin's tools; replaces what an earlier start of it offered. */
  synchronized void register(
      String pluginId,
      List<Tool> tools,
      Supplier<JsonObject> config,
      Logger log,
      PluginMetrics metrics) {
    owners.remove(pluginId);
    if (!tools.isEmpty()) {
      owners.put(pluginId, new Owner(pluginId, List.copyOf(tools), config, log, metrics));
    }
  }

  /** Withdraws a plugin's tools when it stops. */
  synchronized void unregister(String pluginId) {
    owners.remove(pluginId);
  }

  /** The tool box one request sees. */
  ToolBox forTask(TaskContext caller) {
    return forTask(caller, 0);
  }

  /** The tool box seen at a depth: 0 for the request's plugin, 1 inside a tool it called, ... */
  private ToolBox forTask(TaskContext caller, int depth) {
    return new ToolBox() {
      @Override
      public List<ToolSpec> specs() {
        List<ToolSpec> out = new ArrayList<>();
        byName().forEach((name, found) -> out.add(found.spec()));
        return out;
      }

      @Override
      public Future<JsonObject> invoke(String name, JsonObject arguments) {
        return HostTools.this.invoke(name, arguments, caller, depth);
      }
    };
  }

  /** Each tool name once, first owner wins; specs that throw are left out. */
  private synchronized Map<String, Found> byName() {
    Map<String, Found> out = new LinkedHashMap<>();
    for (Owner owner : owners.values()) {
      for (Tool tool : owner.tools()) {
        ToolSpec spec;
        try {
          spec = tool.spec();
        } catch (RuntimeException e) {
          LOG.atWarn().addKeyValue("plugin", owner.pluginId()).setCause(e).log("tool spec failed");
          continue;
        }
        if (spec != null) {
          out.putIfAbsent(spec.name(), new Found(owner, tool, spec));
        }
      }
    }
    return out;
  }

  private record Found(Owner owner, Tool tool, ToolSpec spec) {}

  private Future<JsonObject> invoke(
      String name, JsonObject arguments, TaskContext caller, int depth) {
    if (depth >= MAX_DEPTH) {
      return Future.failedFuture(
          new TaskException(
              ErrorCode.CONFLICT,
              "tools call tools deeper than " + MAX_DEPTH + " levels; " + name + " was not run"));
    }
    Found found = byName().get(name);
    if (found == null) {
      return Future.failedFuture(TaskException.notFound("unknown tool " + name));
    }
    Owner owner = found.owner();
    TaskContext ctx =
        new ToolTaskContext(
            caller, owner.config().get(), owner.log(), owner.metrics(), forTask(caller, depth + 1));
    Future<JsonObject> result;
    try {
      result = found.tool().invoke(arguments == null ? new JsonObject() : arguments, ctx);
    } catch (RuntimeException | LinkageError e) {
      result = Future.failedFuture(e);
    }
    if (result == null) {
      result = Future.failedFuture(new IllegalStateException("tool returned no future"));
    }
    return result.recover(
        err -> {
          if (err instanceof TaskException) {
            return Future.failedFuture(err);
          }
          LOG.atWarn()
              .addKeyValue("plugin", owner.pluginId())
              .addKeyValue("tool", name)
              .addKeyValue("requestId", caller.requestId())
              .setCause(err)
              .log("tool failed");
          return Future.failedFuture(
              new TaskException(
                  ErrorCode.INTERNAL,
                  "tool " + name + " of plugin " + owner.pluginId() + " failed"));
        });
  }
}
