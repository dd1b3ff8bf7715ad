package dev.switchboard.runtime.lc4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.switchboard.runtime.GenerationOutcome;
import dev.switchboard.runtime.Msg;
import dev.switchboard.runtime.SamplingParams;
import dev.switchboard.runtime.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between LangChain4j's chat types and the runtime's. */
final class Lc4jMapping {
  private Lc4jMapping() {}

  static List<Msg> messages(List<ChatMessage> in) {
    List<Msg> out = new ArrayList<>();
    for (ChatMessage m : in) {
      if (m instanceof SystemMessage s) {
        out.add(Msg.system(s.text()));
      } else if (m instanceof UserMessage u) {
        out.add(Msg.user(userText(u)));
      } else if (m instanceof AiMessage a) {
        List<ToolCall> calls = new ArrayList<>();
        if (a.hasToolExecutionRequests()) {
          for (ToolExecutionRequest t : a.toolExecutionRequests()) {
            calls.add(new ToolCall(t.id(), t.name(), t.arguments()));
          }
        }
        out.add(new Msg("assistant", a.text() == null ? "" : a.text(), calls));
      } else if (m instanceof ToolExecutionResultMessage t) {
        out.add(new Msg("tool", t.text()));
      } else {
        throw new IllegalArgumentException("unsupported message type " + m.type());
      }
    }
    return out;
  }

  private static String userText(UserMessage u) {
    if (u.hasSingleText()) {
      return u.singleText();
    }
    StringBuilder sb = new StringBuilder();
    for (Content c : u.contents()) {
      if (c instanceof TextContent t) {
        sb.append(t.text());
      } else {
        throw new IllegalArgumentException("local models take text only, got " + c.type());
      }
    }
    return sb.toString();
  }

  static SamplingParams params(ChatRequest r) {
    ChatRequestParameters p = r.parameters();
    SamplingParams s = SamplingParams.defaults();
    if (p == null) {
      return s;
    }
    return s.withTemperature(p.temperature())
        .withTopP(p.topP())
        .withTopK(p.topK())
        .withMaxTokens(p.maxOutputTokens())
        .withStop(p.stopSequences());
  }

  /** Tool specifications as the OpenAI-style function maps chat templates render. */
  static List<Map<String, Object>> tools(ChatRequest r) {
    ChatRequestParameters p = r.parameters();
    if (p == null || p.toolSpecifications() == null) {
      return List.of();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (ToolSpecification t : p.toolSpecifications()) {
      Map<String, Object> fn = new LinkedHashMap<>();
      fn.put("name", t.name());
      if (t.description() != null) {
        fn.put("description", t.description());
      }
      fn.put(
          "parameters",
          t.parameters() != null
              ? JsonSchemaElementJsonUtils.toMap(t.parameters())
              : Map.of("type", "object", "properties", Map.of()));
      Map<String, Object> tool = new LinkedHashMap<>();
      tool.put("type", "function");
      tool.put("function", fn);
      out.add(tool);
    }
    return out;
  }

  static ChatResponse response(String model, GenerationOutcome o) {
    FinishReason reason =
        switch (o.finishReason()) {
          case STOP -> o.toolCalls().isEmpty() ? FinishReason.STOP : FinishReason.TOOL_EXECUTION;
          case LENGTH -> FinishReason.LENGTH;
          case CANCELLED -> FinishReason.OTHER;
        };
    List<ToolExecutionRequest> calls =
        o.toolCalls().stream()
            .map(
                c ->
                    ToolExecutionRequest.builder()
                        .id(c.id())
                        .name(c.name())
                        .arguments(c.arguments())
                        .build())
            .toList();
    AiMessage message =
        calls.isEmpty()
            ? AiMessage.from(o.text())
            : AiMessage.from(o.text().isEmpty() ? null : o.text(), calls);
    return ChatResponse.builder()
        .aiMessage(message)
        .modelName(model)
        .finishReason(reason)
        .tokenUsage(new TokenUsage(o.promptTokens(), o.completionTokens()))
        .build();
  }
}
