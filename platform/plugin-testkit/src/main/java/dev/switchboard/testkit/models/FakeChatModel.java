package dev.switchboard.testkit.models;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.agent.ToolSpec;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResult;
import dev.switchboard.api.chat.GenerationParams;
import dev.switchboard.api.model.ChatModelHandle;
import dev.switchboard.api.model.Generation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A scripted stand-in for a locally hosted generation model. It answers with text you choose,
 * streams it piece by piece (a piece is a word with the whitespace before it) on its own thread,
 * stops at the next piece when cancelled (finish reason {@code cancelled}), honours {@code
 * maxTokens} (finish reason {@code length}) and counts tokens by whitespace. Scripted with {@link
 * #answering} or {@link #answeringInTurns}, it also calls tools: only when the request offers
 * tools, like a real model whose chat template renders them, and never streamed.
 *
 * <p>It is also a LangChain4j {@link dev.langchain4j.model.chat.StreamingChatModel}, so plugins
 * that use LangChain4j's AI services can be tested with it too.
 *
 * <pre>{@code
 * host.models().chatModel().replying("Paris is the capital.").tokenDelay(Duration.ofMillis(5));
 * }</pre>
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class FakeChatModel implements ChatModelHandle {

  /** What a fresh fake answers until you script it. */
  public static final String DEFAULT_REPLY = "This is a scripted answer.";

  private final String name;
  private volatile Function<ChatRequest, FakeReply> script =
      request -> FakeReply.text(DEFAULT_REPLY);
  private volatile long tokenDelayMillis;
  private volatile int contextLength = 4096;
  private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger cancellations = new AtomicInteger();

  private FakeChatModel(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * Creates a fake answering {@link #DEFAULT_REPLY}.
   *
   * @param name the name the catalog lists it under
   * @return a new fake
   */
  public static FakeChatModel named(String name) {
    return new FakeChatModel(name);
  }

  /**
   * Answers every request with the same text.
   *
   * @param text the answer
   * @return this fake
   */
  public FakeChatModel replying(String text) {
    Objects.requireNonNull(text, "text");
    this.script = request -> FakeReply.text(text);
    return this;
  }

  /**
   * Answers each request with text computed from it, for example an echo of the last message.
   *
   * @param script computes the answer; must not return null
   * @return this fake
   */
  public FakeChatModel replyingWith(Function<ChatRequest, String> script) {
    Objects.requireNonNull(script, "script");
    this.script = request -> FakeReply.text(script.apply(request));
    return this;
  }

  /**
   * Answers each request with a reply computed from it, which may call tools.
   *
   * @param script computes the reply; must not return null
   * @return this fake
   */
  public FakeChatModel answering(Function<ChatRequest, FakeReply> script) {
    this.script = Objects.requireNonNull(script, "script");
    return this;
  }

  /**
   * Answers successive requests with successive replies, repeating the last one when they run out:
   * for example a tool call, then the final answer.
   *
   * @param replies the replies, at least one
   * @return this fake
   */
  public FakeChatModel answeringInTurns(FakeReply... replies) {
    if (replies.length == 0) {
      throw new IllegalArgumentException("at least one reply");
    }
    List<FakeReply> turns = List.of(replies);
    AtomicInteger next = new AtomicInteger();
    this.script = request -> turns.get(Math.min(next.getAndIncrement(), turns.size() - 1));
    return this;
  }

  /**
   * Waits between streamed pieces, so a test can cancel or time out half-way through an answer.
   *
   * @param delay the pause before each piece after the first; zero (the default) streams at once
   * @return this fake
   */
  public FakeChatModel tokenDelay(Duration delay) {
    this.tokenDelayMillis = delay.toMillis();
    return this;
  }

  /**
   * Sets the context length the fake reports.
   *
   * @param tokens a token count, 4096 by default
   * @return this fake
   */
  public FakeChatModel contextLength(int tokens) {
    this.contextLength = tokens;
    return this;
  }

  /**
   * The requests this fake received, in order, including those made through LangChain4j.
   *
   * @return a snapshot
   */
  public List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * How many generations stopped because they were cancelled.
   *
   * @return a count
   */
  public int cancellations() {
    return cancellations.get();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Generation generate(ChatRequest request, Consumer<String> onText) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(onText, "onText");
    requests.add(request);
    FakeReply reply = Objects.requireNonNull(script.apply(request), "the script returned null");
    FakeGeneration generation =
        new FakeGeneration(
            name,
            Tokens.pieces(reply.text()),
            request.tools().isEmpty() ? List.of() : reply.toolCalls(),
            request.params().maxTokens(),
            countTokens(request.messages()),
            tokenDelayMillis,
            onText,
            cancellations::incrementAndGet);
    generation.start();
    return generation;
  }

  @Override
  public int countTokens(List<ChatMessage> messages) {
    int count = 0;
    for (ChatMessage message : messages) {
      count += Tokens.count(message.content());
    }
    return count;
  }

  /** Tools count as the words of their names, descriptions and parameter schemas. */
  @Override
  public int countTokens(List<ChatMessage> messages, List<ToolSpec> tools) {
    int count = countTokens(messages);
    for (ToolSpec tool : tools) {
      count += Tokens.count(tool.name() + " " + tool.description() + " " + tool.parameters());
    }
    return count;
  }

  @Override
  public int contextLength() {
    return contextLength;
  }

  // LangChain4j entry point: StreamingChatModel.chat(...) applies listeners, then calls doChat.
  @Override
  public void doChat(
      dev.langchain4j.model.chat.request.ChatRequest request,
      StreamingChatResponseHandler handler) {
    ChatRequest ours;
    try {
      ours = toSwitchboard(request);
    } catch (RuntimeException e) {
      handler.onError(e);
      return;
    }
    generate(ours, handler::onPartialResponse)
        .result()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                handler.onError(ar.cause());
              } else {
                handler.onCompleteResponse(toLangChain4j(ar.result()));
              }
            });
  }

  private static ChatRequest toSwitchboard(dev.langchain4j.model.chat.request.ChatRequest request) {
    List<ChatMessage> messages = new ArrayList<>();
    for (dev.langchain4j.data.message.ChatMessage message : request.messages()) {
      messages.add(toSwitchboard(message));
    }
    Integer maxTokens =
        request.parameters() == null ? null : request.parameters().maxOutputTokens();
    GenerationParams params =
        new GenerationParams(maxTokens, null, null, null, null, List.of(), null);
    return new ChatRequest(null, messages, params, List.of(), null, null);
  }

  private static ChatMessage toSwitchboard(dev.langchain4j.data.message.ChatMessage message) {
    if (message instanceof SystemMessage system) {
      return ChatMessage.of("system", system.text());
    }
    if (message instanceof UserMessage user) {
      StringBuilder text = new StringBuilder();
      for (Content content : user.contents()) {
        if (content instanceof TextContent textContent) {
          text.append(textContent.text());
        }
      }
      return ChatMessage.of("user", text.toString());
    }
    if (message instanceof AiMessage ai) {
      return ChatMessage.of("assistant", ai.text());
    }
    if (message instanceof ToolExecutionResultMessage tool) {
      return new ChatMessage("tool", tool.text(), List.of(), tool.id());
    }
    throw new IllegalArgumentException("unsupported message type " + message.type());
  }

  private static ChatResponse toLangChain4j(ChatResult result) {
    FinishReason finishReason =
        switch (result.finishReason()) {
          case "stop" -> FinishReason.STOP;
          case "length" -> FinishReason.LENGTH;
          case "tool_calls" -> FinishReason.TOOL_EXECUTION;
          default -> FinishReason.OTHER;
        };
    AiMessage message =
        result.message().toolCalls().isEmpty()
            ? AiMessage.from(result.message().content())
            : AiMessage.from(
                result.message().content().isEmpty() ? null : result.message().content(),
                result.message().toolCalls().stream()
                    .map(
                        c ->
                            ToolExecutionRequest.builder()
                                .id(c.id())
                                .name(c.name())
                                .arguments(c.arguments())
                                .build())
                    .toList());
    return ChatResponse.builder()
        .aiMessage(message)
        .modelName(result.model())
        .tokenUsage(
            new TokenUsage(result.usage().promptTokens(), result.usage().completionTokens()))
        .finishReason(finishReason)
        .build();
  }
}
