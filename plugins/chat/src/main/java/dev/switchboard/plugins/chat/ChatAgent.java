package dev.switchboard.plugins.chat;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.agent.ToolSpec;
import dev.switchboard.api.chat.ChatHandler;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.model.ChatModelHandle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * The chat agent. For each turn it loads the conversation's earlier turns and, when the route names
 * a collection, retrieves sources (both at once), builds the system prompt, fits the prompt into
 * the token budget and runs the {@link AgentLoop}. Stateless, so one instance serves every event
 * loop.
 */
@Extension
public class ChatAgent implements ChatHandler {

  /** Creates the extension; PF4J does this. */
  public ChatAgent() {}

  @Override
  public Future<ChatResult> chat(ChatRequest request, TaskContext ctx) {
    try {
      return answer(request, ctx);
    } catch (TaskException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<ChatResult> answer(ChatRequest request, TaskContext ctx) {
    List<ChatMessage> turn = new ArrayList<>();
    List<String> systemParts = new ArrayList<>();
    String question = null;
    boolean answerable = false;
    for (ChatMessage m : request.messages()) {
      if (m.role().equals("system")) {
        systemParts.add(m.content());
        continue;
      }
      turn.add(m);
      if (m.role().equals("user")) {
        question = m.content();
      }
      answerable |= (m.role().equals("user") || m.role().equals("tool")) && !m.content().isBlank();
    }
    if (!answerable) {
      throw TaskException.invalid("the conversation has no user message to answer");
    }
    ChatSettings settings = ChatSettings.from(request.extra(), ctx.config());
    if (ctx.isCancelled()) {
      return Future.succeededFuture(
          new ChatResult(ChatMessage.of("assistant", ""), null, "cancelled", Usage.NONE, null));
    }
    // With no chat model configured this fails with UNAVAILABLE and says how to add one.
    ChatModelHandle model = ctx.models().chat(request.model());
    Future<List<ChatMessage>> stored =
        History.load(ctx, request.conversationId(), settings.memoryMessages());
    Future<Sources> sources =
        Sources.retrieve(ctx, settings.collection(), question, settings.topK());
    ToolSet tools = ToolSet.of(ctx, request.tools(), settings.hostTools());
    return Future.all(stored, sources)
        .compose(
            all -> {
              List<ChatMessage> conversation = History.join(stored.result(), turn);
              int budget = PromptBudget.tokens(model, request.params(), settings.memoryTokens());
              List<ToolSpec> offered = tools.firstOffer(settings.maxToolSteps());
              // Counting renders the chat template and tokenizes: CPU work, kept off the loop.
              return ctx.vertx()
                  .executeBlocking(
                      () -> {
                        Sources used = sources.result();
                        ChatMessage system = systemMessage(settings, systemParts, used);
                        // Sources that leave no room for the question go, weakest first.
                        while (!used.isEmpty()
                            && !PromptBudget.fitsWithoutHistory(
                                model, system, conversation, offered, budget)) {
                          used = used.withoutWeakest();
                          system = systemMessage(settings, systemParts, used);
                        }
                        List<ChatMessage> messages =
                            PromptBudget.fit(model, system, conversation, offered, budget);
                        int dropped =
                            conversation.size() - (messages.size() - (system == null ? 0 : 1));
                        if (dropped > 0) {
                          ctx.log().debug("{} earlier messages left out for the budget", dropped);
                          ctx.metrics().increment("chat_memory_trimmed");
                        }
                        return new Prompt(messages, used);
                      },
                      false);
            })
        .compose(
            prompt ->
                new AgentLoop(ctx, model, request.params(), tools, settings.maxToolSteps())
                    .run(prompt.messages())
                    .map(result -> withSources(result, prompt.sources())));
  }

  /** What the model is asked: the messages, and the sources listed in them. */
  private record Prompt(List<ChatMessage> messages, Sources sources) {}

  /** The operator's prompt first, then the client's own system messages, then the sources. */
  private static ChatMessage systemMessage(
      ChatSettings settings, List<String> clientParts, Sources sources) {
    List<String> parts = new ArrayList<>();
    if (settings.systemPrompt() != null) {
      parts.add(settings.systemPrompt());
    }
    for (String part : clientParts) {
      if (!part.isBlank()) {
        parts.add(part);
      }
    }
    if (!sources.isEmpty()) {
      parts.add(sources.promptBlock());
    }
    return parts.isEmpty() ? null : ChatMessage.of("system", String.join("\n\n", parts));
  }

  private static ChatResult withSources(ChatResult result, Sources sources) {
    if (sources.collection() == null) {
      return result;
    }
    JsonObject metadata =
        result.metadata().copy().mergeIn(sources.metadata(result.message().content()));
    return new ChatResult(
        result.message(), result.model(), result.finishReason(), result.usage(), metadata);
  }
}
