package dev.switchboard.plugins.chat;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.agent.ToolBox;
import dev.switchboard.api.agent.ToolSpec;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ToolCall;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tools one chat offers the model: the client's own (OpenAI-style {@code tools}, which the
 * client runs) and the plugin tools of the platform (which the loop runs). A client tool shadows a
 * plugin tool of the same name, since the client asked for it explicitly.
 */
final class ToolSet {

  /**
   * The most characters of a tool's result the model reads. A tool that returns a whole file would
   * otherwise push the next step past the model's context and fail the turn.
   */
  static final int MAX_RESULT_CHARS = 8_000;

  private final List<ToolSpec> client;
  private final Set<String> clientNames = new HashSet<>();
  private final List<ToolSpec> host = new ArrayList<>();
  private final ToolBox box;

  private ToolSet(List<ToolSpec> client, List<ToolSpec> hostSpecs, ToolBox box) {
    this.client = client;
    client.forEach(t -> clientNames.add(t.name()));
    for (ToolSpec spec : hostSpecs) {
      if (!clientNames.contains(spec.name())) {
        host.add(spec);
      }
    }
    this.box = box;
  }

  /**
   * The tools for a request.
   *
   * @param allowedHost the plugin tools to offer by name, or null for all
   */
  static ToolSet of(TaskContext ctx, List<ToolSpec> clientTools, List<String> allowedHost) {
    ToolBox box;
    List<ToolSpec> specs;
    try {
      box = ctx.tools();
      specs = box.specs();
    } catch (TaskException e) {
      // A host without tools: the chat still answers, with the client's tools only.
      return new ToolSet(clientTools, List.of(), null);
    }
    List<ToolSpec> allowed = new ArrayList<>();
    for (ToolSpec spec : specs) {
      if (allowedHost == null || allowedHost.contains(spec.name())) {
        allowed.add(spec);
      }
    }
    return new ToolSet(clientTools, allowed, box);
  }

  /** What the first step offers the model: plugin tools too, unless no tool step is allowed. */
  List<ToolSpec> firstOffer(int maxToolSteps) {
    return offered(hasHostTools() && maxToolSteps > 0);
  }

  boolean hasHostTools() {
    return !host.isEmpty();
  }

  boolean isClientTool(String name) {
    return clientNames.contains(name);
  }

  /** What the model is told it may call. */
  List<ToolSpec> offered(boolean withHostTools) {
    if (!withHostTools) {
      return client;
    }
    List<ToolSpec> all = new ArrayList<>(client);
    all.addAll(host);
    return all;
  }

  /**
   * Runs one plugin tool call and answers with the {@code tool} message for the model. A failure
   * becomes an error the model reads, so it can correct its arguments or answer without the tool,
   * instead of failing the whole chat.
   */
  Future<ChatMessage> run(ToolCall call, TaskContext ctx) {
    JsonObject arguments;
    try {
      arguments = new JsonObject(call.arguments().isBlank() ? "{}" : call.arguments());
    } catch (DecodeException | ClassCastException e) {
      return Future.succeededFuture(error(call, "the arguments are not a JSON object"));
    }
    boolean known = host.stream().anyMatch(t -> t.name().equals(call.name()));
    if (!known || box == null) {
      return Future.succeededFuture(error(call, "there is no tool named " + call.name()));
    }
    Future<JsonObject> result;
    try {
      result = box.invoke(call.name(), arguments);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result
        .map(json -> new ChatMessage("tool", truncate(json), null, call.id()))
        .recover(
            err -> {
              ctx.log().info("tool {} failed: {}", call.name(), err.getMessage());
              String message = err instanceof TaskException ? err.getMessage() : "the tool failed";
              return Future.succeededFuture(error(call, message));
            });
  }

  private static String truncate(JsonObject result) {
    String text = result == null ? "{}" : result.encode();
    if (text.length() <= MAX_RESULT_CHARS) {
      return text;
    }
    return text.substring(0, MAX_RESULT_CHARS)
        + " [truncated: "
        + (text.length() - MAX_RESULT_CHARS)
        + " more characters]";
  }

  private static ChatMessage error(ToolCall call, String message) {
    return new ChatMessage(
        "tool", new JsonObject().put("error", message).encode(), null, call.id());
  }
}
