package dev.switchboard.runtime.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Defaults from {@code generation_config.json}; absent values are null (or empty) so that a
 * request's own parameters, then these, then built-in defaults apply in that order.
 *
 * @param temperature default temperature
 * @param topK default top-k
 * @param topP default top-p
 * @param repetitionPenalty default repetition penalty
 * @param maxNewTokens default completion length
 * @param doSample false means greedy by default
 * @param eosTokenIds ids that end generation
 * @param bosTokenId beginning-of-sequence id or null
 */
public record GenerationConfig(
    Double temperature,
    Integer topK,
    Double topP,
    Double repetitionPenalty,
    Integer maxNewTokens,
    Boolean doSample,
    Set<Integer> eosTokenIds,
    Integer bosTokenId) {

  /** No file: everything unset. */
  public static GenerationConfig empty() {
    return new GenerationConfig(null, null, null, null, null, null, Set.of(), null);
  }

  /** Reads the folder's generation_config.json, or returns {@link #empty()} when there is none. */
  public static GenerationConfig load(Path folder) {
    Path f = folder.resolve("generation_config.json");
    if (!Files.exists(f)) {
      return empty();
    }
    try {
      return parse(JsonParser.parseString(Files.readString(f)).getAsJsonObject());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(f + ": malformed generation config: " + e, e);
    }
  }

  /** Parses the JSON object. */
  public static GenerationConfig parse(JsonObject o) {
    return new GenerationConfig(
        o.has("temperature") ? o.get("temperature").getAsDouble() : null,
        o.has("top_k") ? o.get("top_k").getAsInt() : null,
        o.has("top_p") ? o.get("top_p").getAsDouble() : null,
        o.has("repetition_penalty") ? o.get("repetition_penalty").getAsDouble() : null,
        o.has("max_new_tokens") ? o.get("max_new_tokens").getAsInt() : null,
        o.has("do_sample") ? o.get("do_sample").getAsBoolean() : null,
        ids(o.get("eos_token_id")),
        o.has("bos_token_id") && !o.get("bos_token_id").isJsonNull()
            ? o.get("bos_token_id").getAsInt()
            : null);
  }

  /** eos_token_id may be a number or a list of numbers. */
  static Set<Integer> ids(JsonElement e) {
    Set<Integer> out = new LinkedHashSet<>();
    if (e == null || e.isJsonNull()) {
      return out;
    }
    if (e.isJsonArray()) {
      e.getAsJsonArray().forEach(x -> out.add(x.getAsInt()));
    } else {
      out.add(e.getAsInt());
    }
    return out;
  }
}
