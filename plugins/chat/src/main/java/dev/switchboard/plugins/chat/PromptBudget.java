package dev.switchboard.plugins.chat;

import dev.switchboard.api.agent.ToolSpec;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.GenerationParams;
import dev.switchboard.api.model.ChatModelHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a conversation into the tokens the prompt may take: the system prompt and the turn being
 * answered always stay, earlier turns are kept newest first while they fit. Counts with the model's
 * own tokenizer and chat template, tools on offer included, so the budget holds for the prompt the
 * model really reads.
 */
final class PromptBudget {

  /** Room kept for the answer when the request sets no token limit. */
  static final int DEFAULT_ANSWER_TOKENS = 512;

  private PromptBudget() {}

  /** The most prompt tokens: the configured budget, within what the context leaves the answer. */
  static int tokens(ChatModelHandle model, GenerationParams params, Integer memoryTokens) {
    int context = model.contextLength();
    int answer =
        params.maxTokens() != null
            ? params.maxTokens()
            : Math.min(DEFAULT_ANSWER_TOKENS, context / 4);
    int room = context - answer;
    int budget = memoryTokens == null ? room : Math.min(memoryTokens, room);
    return Math.max(1, budget);
  }

  /**
   * The prompt to send.
   *
   * @param system the system message, or null
   * @param conversation the whole conversation, oldest first; the turn being answered starts at its
   *     last user message
   * @return the system message, the earlier turns that fit, and the current turn
   */
  static List<ChatMessage> fit(
      ChatModelHandle model,
      ChatMessage system,
      List<ChatMessage> conversation,
      List<ToolSpec> tools,
      int budget) {
    int current = lastUserMessage(conversation);
    List<ChatMessage> earlier = conversation.subList(0, current);
    List<ChatMessage> turn = conversation.subList(current, conversation.size());
    if (earlier.isEmpty() || fits(model, system, earlier, turn, tools, budget)) {
      return assemble(system, earlier, turn);
    }
    // Fewer kept messages never take more tokens, so the largest tail that fits is found by
    // bisection: a handful of counts instead of one per message.
    int lo = 0;
    int hi = earlier.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (fits(model, system, tail(earlier, mid), turn, tools, budget)) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    List<ChatMessage> kept = tail(earlier, lo);
    // A kept history that starts with an answer or a tool result has lost its question.
    int start = 0;
    while (start < kept.size() && !kept.get(start).role().equals("user")) {
      start++;
    }
    return assemble(system, kept.subList(start, kept.size()), turn);
  }

  /** Whether the system message and the current turn fit on their own, with no earlier turn. */
  static boolean fitsWithoutHistory(
      ChatModelHandle model,
      ChatMessage system,
      List<ChatMessage> conversation,
      List<ToolSpec> tools,
      int budget) {
    int current = lastUserMessage(conversation);
    return fits(
        model,
        system,
        List.of(),
        conversation.subList(current, conversation.size()),
        tools,
        budget);
  }

  private static int lastUserMessage(List<ChatMessage> conversation) {
    for (int i = conversation.size() - 1; i >= 0; i--) {
      if (conversation.get(i).role().equals("user")) {
        return i;
      }
    }
    return 0;
  }

  private static List<ChatMessage> tail(List<ChatMessage> messages, int count) {
    return messages.subList(messages.size() - count, messages.size());
  }

  private static boolean fits(
      ChatModelHandle model,
      ChatMessage system,
      List<ChatMessage> earlier,
      List<ChatMessage> turn,
      List<ToolSpec> tools,
      int budget) {
    return model.countTokens(assemble(system, earlier, turn), tools) <= budget;
  }

  private static List<ChatMessage> assemble(
      ChatMessage system, List<ChatMessage> earlier, List<ChatMessage> turn) {
    List<ChatMessage> out = new ArrayList<>(earlier.size() + turn.size() + 1);
    if (system != null) {
      out.add(system);
    }
    out.addAll(earlier);
    out.addAll(turn);
    return out;
  }
}
