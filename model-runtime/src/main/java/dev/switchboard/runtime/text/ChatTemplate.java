package dev.switchboard.runtime.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat template of {@code tokenizer_config.json}, rendered with Jinjava configured to behave
 * like Hugging Face's Jinja2 environment (trim/lstrip blocks, strict whitespace control,
 * Python-style {@code tojson}, {@code raise_exception}).
 */
public final class ChatTemplate {
  private final String template;
  private final String bosToken;
  private final String eosToken;
  private final Jinjava jinjava;

  /** Creates a template with the special tokens it may reference. */
  public ChatTemplate(String template, String bosToken, String eosToken) {
    this.template = template;
    this.bosToken = bosToken == null ? "" : bosToken;
    this.eosToken = eosToken == null ? "" : eosToken;
    this.jinjava = newJinjava();
  }

  /**
   * Reads {@code chat_template}, {@code bos_token} and {@code eos_token} from the folder's
   * tokenizer_config.json; returns null when there is no template.
   */
  public static ChatTemplate load(Path folder) {
    Path f = folder.resolve("tokenizer_config.json");
    if (!Files.exists(f)) {
      return null;
    }
    JsonObject o;
    try {
      o = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonElement t = o.get("chat_template");
    if (t == null || t.isJsonNull()) {
      return null;
    }
    String template;
    if (t.isJsonArray()) {
      // newer configs carry a list of named templates; "default" is the chat one
      template = null;
      for (JsonElement e : t.getAsJsonArray()) {
        JsonObject n = e.getAsJsonObject();
        if (template == null || "default".equals(n.get("name").getAsString())) {
          template = n.get("template").getAsString();
        }
      }
    } else {
      template = t.getAsString();
    }
    return new ChatTemplate(template, token(o.get("bos_token")), token(o.get("eos_token")));
  }

  private static String token(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (e.isJsonObject()) {
      return e.getAsJsonObject().get("content").getAsString();
    }
    return e.getAsString();
  }

  static Jinjava newJinjava() {
    JinjavaConfig config =
        JinjavaConfig.newBuilder()
            .withTrimBlocks(true)
            .withLstripBlocks(true)
            .withLegacyOverrides(
                LegacyOverrides.newBuilder()
                    .withUseTrimmingForNotesAndExpressions(true)
                    .withParseWhitespaceControlStrictly(true)
                    .build())
            .build();
    Jinjava j = new Jinjava(config);
    j.getGlobalContext().registerFilter(new PyToJsonFilter());
    j.getGlobalContext()
        .registerFunction(
            new ELFunctionDefinition(
                "", "raise_exception", TemplateFunctions.class, "raiseException", String.class));
    j.getGlobalContext()
        .registerFunction(
            new ELFunctionDefinition(
                "", "strftime_now", TemplateFunctions.class, "strftimeNow", String.class));
    return j;
  }

  /** Renders messages (maps with role, content and optional tool_calls etc.). */
  public String render(
      List<Map<String, Object>> messages,
      boolean addGenerationPrompt,
      List<Map<String, Object>> tools) {
    Map<String, Object> ctx = new HashMap<>();
    ctx.put("messages", new ArrayList<>(messages));
    ctx.put("add_generation_prompt", addGenerationPrompt);
    ctx.put("bos_token", bosToken);
    ctx.put("eos_token", eosToken);
    if (tools != null && !tools.isEmpty()) {
      ctx.put("tools", tools);
    }
    TemplateFunctions.LAST_ERROR.remove();
    RenderResult r = jinjava.renderForResult(template, ctx);
    String raised = TemplateFunctions.LAST_ERROR.get();
    if (raised != null) {
      TemplateFunctions.LAST_ERROR.remove();
      throw new IllegalArgumentException("chat template rejected the conversation: " + raised);
    }
    if (!r.getErrors().isEmpty()) {
      var fatal =
          r.getErrors().stream()
              .filter(
                  e ->
                      e.getSeverity()
                          == com.hubspot.jinjava.interpret.TemplateError.ErrorType.FATAL)
              .toList();
      if (!fatal.isEmpty()) {
        throw new IllegalArgumentException("chat template failed: " + fatal.get(0).getMessage());
      }
    }
    return r.getOutput();
  }

  /** The end-of-sequence token text ("" when unknown). */
  public String eosToken() {
    return eosToken;
  }

  /** The raw template text. */
  public String source() {
    return template;
  }
}
