package dev.switchboard.runtime.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.switchboard.runtime.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tool calls in the Hermes/Qwen convention: the model writes {@code <tool_call>{"name": ...,
 * "arguments": {...}}</tool_call>} blocks after (optional) text.
 */
public final class ToolCalls {
  /** Marks the start of a call; streaming stops showing text from here. */
  public static final String OPEN = "<tool_call>";

  private static final Pattern BLOCK =
      Pattern.compile("<tool_call>\\s*(\\{.*?\\})\\s*(?:</tool_call>|$)", Pattern.DOTALL);

  private ToolCalls() {}

  /**
   * Splits a completion into its text (before the first call) and the calls; malformed blocks are
   * left out of the calls.
   */
  public static Parsed parse(String completion) {
    int first = completion.indexOf(OPEN);
    if (first < 0) {
      return new Parsed(completion, List.of());
    }
    List<ToolCall> calls = new ArrayList<>();
    Matcher m = BLOCK.matcher(completion);
    while (m.find()) {
      try {
        JsonObject o = JsonParser.parseString(m.group(1)).getAsJsonObject();
        JsonElement args = o.get("arguments");
        String a =
            args == null || args.isJsonNull()
                ? "{}"
                : args.isJsonPrimitive() ? args.getAsString() : args.toString();
        calls.add(new ToolCall("call_" + calls.size(), o.get("name").getAsString(), a));
      } catch (RuntimeException e) {
        // not a well-formed call: the model's text stays as it is, without this call
      }
    }
    return new Parsed(completion.substring(0, first).stripTrailing(), calls);
  }

  /**
   * A parsed completion.
   *
   * @param text text before the first tool call
   * @param calls the calls
   */
  public record Parsed(String text, List<ToolCall> calls) {}

  /**
   * A history tool call as chat templates expect it: {@code {"type": "function", "function":
   * {"name", "arguments": <object>}}}, arguments as a map so {@code tojson} prints them.
   */
  public static Map<String, Object> templateForm(ToolCall c) {
    Map<String, Object> fn = new LinkedHashMap<>();
    fn.put("name", c.name());
    Object args;
    try {
      args = toJava(JsonParser.parseString(c.arguments()));
    } catch (RuntimeException e) {
      args = c.arguments();
    }
    fn.put("arguments", args);
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("id", c.id());
    call.put("type", "function");
    call.put("function", fn);
    return call;
  }

  /** JSON to plain Java values (integers stay integral, so tojson prints 1, not 1.0). */
  public static Object toJava(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (e.isJsonObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      e.getAsJsonObject().entrySet().forEach(x -> m.put(x.getKey(), toJava(x.getValue())));
      return m;
    }
    if (e.isJsonArray()) {
      List<Object> l = new ArrayList<>();
      e.getAsJsonArray().forEach(x -> l.add(toJava(x)));
      return l;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (p.isNumber()) {
      double d = p.getAsDouble();
      return d == Math.rint(d) && Math.abs(d) < 1e15 && !p.getAsString().contains(".")
          ? (Object) p.getAsLong()
          : (Object) d;
    }
    return p.getAsString();
  }
}
