package dev.switchboard.runtime.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.runtime.store.RandomCheckpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTemplateTest {
  @TempDir static Path dir;

  @Test
  void rendersQwenTemplateTokenExact() {
    ChatTemplate t = new ChatTemplate(RandomCheckpoint.qwenTemplate(), null, "<|im_end|>");
    String out =
        t.render(
            List.of(
                Map.of("role", "system", "content", "Be brief."),
                Map.of("role", "user", "content", "Hi"),
                Map.of("role", "assistant", "content", "Hello!"),
                Map.of("role", "user", "content", "Weather?")),
            true,
            null);
    assertEquals(
        "<|im_start|>system\nBe brief.<|im_end|>\n"
            + "<|im_start|>user\nHi<|im_end|>\n"
            + "<|im_start|>assistant\nHello!<|im_end|>\n"
            + "<|im_start|>user\nWeather?<|im_end|>\n"
            + "<|im_start|>assistant\n",
        out);
    String noSystem = t.render(List.of(Map.of("role", "user", "content", "x")), false, null);
    assertEquals(
        "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant."
            + "<|im_end|>\n<|im_start|>user\nx<|im_end|>\n",
        noSystem);
  }

  @Test
  void toolsUsePythonJsonSpacing() {
    ChatTemplate t = new ChatTemplate(RandomCheckpoint.qwenTemplate(), null, "<|im_end|>");
    Map<String, Object> tool = Map.of("type", "function", "function", Map.of("name", "get_time"));
    String out = t.render(List.of(Map.of("role", "user", "content", "time?")), true, List.of(tool));
    assertTrue(
        out.contains("{\"type\": \"function\", \"function\": {\"name\": \"get_time\"}}")
            || out.contains("{\"function\": {\"name\": \"get_time\"}, \"type\": \"function\"}"),
        out);
    assertTrue(out.endsWith("<|im_start|>assistant\n"));
  }

  @Test
  void raiseExceptionSurfaces() {
    ChatTemplate t =
        new ChatTemplate(
            "{% if messages[0]['role'] != 'user' %}{{ raise_exception('user first') }}{% endif %}ok",
            "", "");
    assertEquals("ok", t.render(List.of(Map.of("role", "user", "content", "a")), false, null));
    var e =
        assertThrows(
            RuntimeException.class,
            () -> t.render(List.of(Map.of("role", "assistant", "content", "a")), false, null));
    assertTrue(e.getMessage().contains("user first"), e.getMessage());
  }

  @Test
  void loadsFromRandomCheckpointWithTokenizerAndDefaults() {
    Path m = RandomCheckpoint.create(dir.resolve("tiny"), "tiny", 1);
    ChatTemplate t = ChatTemplate.load(m);
    String prompt = t.render(List.of(Map.of("role", "user", "content", "Hello world")), true, null);
    try (TextTokenizer tok = TextTokenizer.load(m)) {
      long[] ids = tok.encode(prompt, false);
      assertEquals(prompt, tok.decode(ids, false));
      int imEnd = tok.tokenId("<|im_end|>");
      assertTrue(imEnd > 255);
      assertTrue(java.util.Arrays.stream(ids).anyMatch(i -> i == imEnd));
      assertEquals("Hello world", tok.decode(tok.encode("Hello world", false), true));
      assertTrue(tok.encode("Hello world", false).length < "Hello world".length(), "merges apply");
      GenerationConfig g = GenerationConfig.load(m);
      assertTrue(g.eosTokenIds().contains(imEnd));
      assertEquals(20, g.topK());
    }
  }
}
