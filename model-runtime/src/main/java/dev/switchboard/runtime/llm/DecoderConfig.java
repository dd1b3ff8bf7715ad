package dev.switchboard.runtime.llm;

import com.google.gson.JsonObject;
import dev.switchboard.runtime.store.ModelFolder;
import java.util.Set;

/**
 * Hyper-parameters of a Llama-family decoder, from config.json.
 *
 * @param modelType llama, qwen2 or mistral
 * @param hidden hidden size
 * @param intermediate MLP size
 * @param layers number of decoder layers
 * @param heads query heads
 * @param kvHeads key/value heads (grouped-query attention when fewer than heads)
 * @param headDim size of one head
 * @param vocab vocabulary size of the embedding matrix
 * @param rmsEps RMSNorm epsilon
 * @param ropeTheta RoPE base
 * @param maxPositions context length
 * @param tiedEmbeddings lm_head shares the embedding matrix
 * @param attentionBias q/k/v projections carry a bias (always for qwen2)
 * @param ropeScaling llama3 rope scaling parameters or null
 */
public record DecoderConfig(
    String modelType,
    int hidden,
    int intermediate,
    int layers,
    int heads,
    int kvHeads,
    int headDim,
    int vocab,
    double rmsEps,
    double ropeTheta,
    int maxPositions,
    boolean tiedEmbeddings,
    boolean attentionBias,
    JsonObject ropeScaling) {

  /** The model types this decoder implements. */
  public static final Set<String> TYPES = Set.of("llama", "qwen2", "mistral");

  /** Reads and validates the config of a folder. */
  public static DecoderConfig from(ModelFolder f) {
    String type = f.modelType();
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException(
          f.path() + ": model_type '" + type + "' is not a supported decoder " + TYPES);
    }
    int hidden = f.requireInt("hidden_size");
    int heads = f.requireInt("num_attention_heads");
    int kvHeads = f.optInt("num_key_value_heads", heads);
    if (heads % kvHeads != 0) {
      throw new IllegalArgumentException(
          f.path() + ": num_attention_heads must be a multiple of num_key_value_heads");
    }
    if (f.optBool("mlp_bias", false)) {
      throw new IllegalArgumentException(f.path() + ": mlp_bias is not supported");
    }
    String act = f.optString("hidden_act", "silu");
    if (!act.equals("silu")) {
      throw new IllegalArgumentException(f.path() + ": hidden_act '" + act + "' is not supported");
    }
    JsonObject scaling =
        f.config().has("rope_scaling") && f.config().get("rope_scaling").isJsonObject()
            ? f.config().getAsJsonObject("rope_scaling")
            : null;
    if (scaling != null) {
      String st = scaling.has("rope_type") ? scaling.get("rope_type").getAsString() : "";
      if (st.isEmpty() && scaling.has("type")) {
        st = scaling.get("type").getAsString();
      }
      if (!st.equals("llama3") && !st.equals("default")) {
        throw new IllegalArgumentException(
            f.path() + ": rope_scaling type '" + st + "' unsupported");
      }
    }
    return new DecoderConfig(
        type,
        hidden,
        f.requireInt("intermediate_size"),
        f.requireInt("num_hidden_layers"),
        heads,
        kvHeads,
        f.optInt("head_dim", hidden / heads),
        f.requireInt("vocab_size"),
        f.optDouble("rms_norm_eps", 1e-6),
        f.optDouble("rope_theta", 10000.0),
        f.optInt("max_position_embeddings", 2048),
        f.optBool("tie_word_embeddings", false),
        type.equals("qwen2") || f.optBool("attention_bias", false),
        scaling);
  }

  /** Bytes of KV cache per token at float32. */
  public long kvBytesPerToken() {
    return 2L * layers * kvHeads * headDim * 4;
  }
}
