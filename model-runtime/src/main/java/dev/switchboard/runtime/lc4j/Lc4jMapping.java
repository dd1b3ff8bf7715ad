package dev.switchboard.runtime.lc4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.switchboard.runtime.GenerationOutcome;
import dev.switchboard.runtime.Msg;
import dev.switchboard.runtime.SamplingParams;
import java.util.ArrayList;
import java.util.List;

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
        out.add(Msg.assistant(a.text() == null ? "" : a.text()));
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
    if (p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) {
      throw new UnsupportedOperationException("tool calling is not supported by local models yet");
    }
    return s.withTemperature(p.temperature())
        .withTopP(p.topP())
        .withTopK(p.topK())
        .withMaxTokens(p.maxOutputTokens())
        .withStop(p.stopSequences());
  }

  static ChatResponse response(String model, GenerationOutcome o) {
    FinishReason reason =
        switch (o.finishReason()) {
          case STOP -> FinishReason.STOP;
          case LENGTH -> FinishReason.LENGTH;
          case CANCELLED -> FinishReason.OTHER;
        };
    return ChatResponse.builder()
        .aiMessage(AiMessage.from(o.text()))
        .modelName(model)
        .finishReason(reason)
        .tokenUsage(new TokenUsage(o.promptTokens(), o.completionTokens()))
        .build();
  }
}
