package dev.switchboard.api.model;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.agent.ToolSpec;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * A locally hosted generation model. It is also a LangChain4j {@link StreamingChatModel}, so a
 * plugin can hand it to LangChain4j's AI services, memory and RAG.
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public interface ChatModelHandle extends StreamingChatModel {

  /**
   * The model's registered name.
   *
   * @return the name, never null
   */
  String name();

  /**
   * Starts generating an answer to a conversation, rendered with the model's chat template.
   *
   * @param request the conversation and generation settings; tools are rendered into the prompt
   *     when the template supports them
   * @param onText receives each piece of text as it is decoded, in order, on a runtime thread
   * @return the generation, to await or cancel
   */
  Generation generate(ChatRequest request, Consumer<String> onText);

  /**
   * Counts the tokens a conversation takes once rendered with the chat template, for budgeting
   * memory.
   *
   * @param messages the conversation
   * @return the number of prompt tokens
   */
  int countTokens(List<ChatMessage> messages);

  /**
   * Counts the tokens a conversation takes once rendered with the chat template with tools on
   * offer, which templates describe to the model in the prompt. The default ignores the tools.
   *
   * @param messages the conversation
   * @param tools the tools offered
   * @return the number of prompt tokens
   */
  @ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
  default int countTokens(List<ChatMessage> messages, List<ToolSpec> tools) {
    return countTokens(messages);
  }

  /**
   * The longest sequence the model handles, prompt plus completion.
   *
   * @return a token count
   */
  int contextLength();
}
