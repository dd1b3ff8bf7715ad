package dev.switchboard.plugins.chat;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.api.chat.GenerationParams;
import dev.switchboard.api.chat.ToolCall;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.model.ChatModelHandle;
import dev.switchboard.api.model.Generation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Generates an answer, running plugin tools when the model calls them: model, tool calls, tool
 * results as {@code tool} messages, model again, for at most {@code maxToolSteps} rounds, after
 * which the model answers without plugin tools on offer. A call of a client tool ends the loop: the
 * calls go back to the client with finish reason {@code tool_calls}, as OpenAI does.
 */
final class AgentLoop {

  private final TaskContext ctx;
  private final ChatModelHandle model;
  private final GenerationParams params;
  private final ToolSet tools;
  private final int maxToolSteps;
  private final AtomicReference<Generation> current = new AtomicReference<>();
  private final Promise<Void> cancellation = Promise.promise();
  private final JsonArray toolRuns = new JsonArray();
  private volatile boolean cancelled;
  private int promptTokens;
  private int completionTokens;

  AgentLoop(
      TaskContext ctx,
      ChatModelHandle model,
      GenerationParams params,
      ToolSet tools,
      int maxToolSteps) {
    this.ctx = ctx;
    this.model = model;
    this.params = params;
    this.tools = tools;
    this.maxToolSteps = maxToolSteps;
  }

  Future<ChatResult> run(List<ChatMessage> prompt) {
    ctx.onCancel(
        () -> {
          cancelled = true;
          cancellation.tryComplete();
          Generation running = current.get();
          if (running != null) {
            running.cancel();
          }
        });
    return step(new ArrayList<>(prompt), 0);
  }

  private Future<ChatResult> step(List<ChatMessage> messages, int toolSteps) {
    if (cancelled || ctx.isCancelled()) {
      return Future.succeededFuture(finish("", List.of(), "cancelled", model.name()));
    }
    boolean offerHostTools = tools.hasHostTools() && toolSteps < maxToolSteps;
    StepText text = new StepText(ctx, !offerHostTools);
    Generation generation;
    try {
      ChatRequest request =
          new ChatRequest(
              model.name(), messages, params, tools.offered(offerHostTools), null, null);
      generation = model.generate(request, text::add);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    current.set(generation);
    if (cancelled) {
      // The cancel may have come between the check above and the set.
      generation.cancel();
    }
    return generation
        .result()
        .compose(
            result -> {
              promptTokens += result.usage().promptTokens();
              completionTokens += result.usage().completionTokens();
              List<ToolCall> calls = result.message().toolCalls();
              if (calls.isEmpty() || result.finishReason().equals("cancelled")) {
                text.release();
                // Cancelled while held-back text went out: the caller saw only part of it.
                String reason = cancelled ? "cancelled" : result.finishReason();
                return Future.succeededFuture(
                    finish(text.text(), List.of(), reason, result.model()));
              }
              List<ToolCall> clientCalls =
                  calls.stream().filter(c -> tools.isClientTool(c.name())).toList();
              if (!clientCalls.isEmpty()) {
                ctx.metrics().increment("chat_client_tool_calls");
                if (clientCalls.size() < calls.size()) {
                  ctx.log().info("plugin tool calls mixed with client tool calls were dropped");
                }
                text.release();
                return Future.succeededFuture(
                    finish(text.text(), clientCalls, "tool_calls", result.model()));
              }
              messages.add(new ChatMessage("assistant", result.message().content(), calls, null));
              // A tool still running when the request is cancelled is not waited for.
              Promise<Void> ran = Promise.promise();
              runTools(calls, messages)
                  .onComplete(
                      ar -> {
                        if (ar.succeeded()) {
                          ran.tryComplete();
                        } else {
                          ran.tryFail(ar.cause());
                        }
                      });
              cancellation.future().onSuccess(v -> ran.tryComplete());
              return ran.future().compose(v -> step(messages, toolSteps + 1));
            });
  }

  /** Runs the calls one after another, in the order the model wrote them. */
  private Future<Void> runTools(List<ToolCall> calls, List<ChatMessage> messages) {
    Future<Void> chain = Future.succeededFuture();
    for (ToolCall call : calls) {
      chain =
          chain.compose(
              v ->
                  tools
                      .run(call, ctx)
                      .map(
                          answer -> {
                            ctx.metrics().increment("chat_tool_calls");
                            messages.add(answer);
                            toolRuns.add(
                                new JsonObject()
                                    .put("id", call.id())
                                    .put("name", call.name())
                                    .put("arguments", call.arguments())
                                    .put("result", answer.content()));
                            return null;
                          }));
    }
    return chain;
  }

  private ChatResult finish(
      String text, List<ToolCall> calls, String finishReason, String modelName) {
    JsonObject metadata = new JsonObject();
    if (!toolRuns.isEmpty()) {
      metadata.put("toolRuns", toolRuns.copy());
    }
    return new ChatResult(
        new ChatMessage("assistant", text, calls, null),
        modelName == null ? model.name() : modelName,
        finishReason,
        new Usage(promptTokens, completionTokens),
        metadata);
  }
}
