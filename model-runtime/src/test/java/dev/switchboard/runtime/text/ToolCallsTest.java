package dev.switchboard.runtime.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.runtime.ToolCall;
import dev.switchboard.runtime.store.RandomCheckpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolCallsTest {
  @TempDir Path dir;

  @Test
  void parsesHermesBlocks() {
    ToolCalls.Parsed p =
        ToolCalls.parse(
            "Let me check.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"days\": 2}}\n</tool_call>\n"
                + "<tool_call>{\"name\": \"now\", \"arguments\": {}}</tool_call><tool_call>{broken</tool_call>");
    assertEquals("Let me check.", p.text());
    assertEquals(
        List.of(
            new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\",\"days\":2}"),
            new ToolCall("call_1", "now", "{}")),
        p.calls());
    assertEquals("plain", ToolCalls.parse("plain").text());
    assertTrue(ToolCalls.parse("plain").calls().isEmpty());
  }

  @Test
  void historyWithToolCallsRendersLikeQwen() {
    ChatTemplate t = new ChatTemplate(RandomCheckpoint.qwenTemplate(), null, "<|im_end|>");
    Map<String, Object> assistant =
        Map.of(
            "role", "assistant",
            "content", "",
            "tool_calls",
                List.of(
                    ToolCalls.templateForm(
                        new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\",\"days\":2}"))));
    String out =
        t.render(
            List.of(
                Map.of("role", "system", "content", "S"),
                Map.of("role", "user", "content", "Weather?"),
                assistant,
                Map.of("role", "tool", "content", "sunny")),
            true,
            null);
    assertEquals(
        "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nWeather?<|im_end|>\n"
            + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"days\": 2}}\n</tool_call><|im_end|>\n"
            + "<|im_start|>user\n<tool_response>\nsunny\n</tool_response><|im_end|>\n"
            + "<|im_start|>assistant\n",
        out);
  }

  @Test
  void streamingNeverShowsToolCallBlocks() {
    Path m = RandomCheckpoint.create(dir.resolve("tiny"), "tiny", 2);
    try (TextTokenizer tok = TextTokenizer.load(m)) {
      String completion =
          "Sure thing.<tool_call>\n{\"name\": \"now\", \"arguments\": {}}\n</tool_call>";
      StreamDecoder d = new StreamDecoder(tok, List.of(), List.of(ToolCalls.OPEN));
      StringBuilder streamed = new StringBuilder();
      for (long id : tok.encode(completion, false)) {
        streamed.append(d.push((int) id));
      }
      streamed.append(d.flush());
      assertEquals("Sure thing.", streamed.toString());
      assertEquals(completion, d.text());
    }
  }
}
