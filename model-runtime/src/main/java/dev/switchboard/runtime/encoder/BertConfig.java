package dev.switchboard.runtime.encoder;

import com.google.gson.JsonElement;
import dev.switchboard.runtime.store.ModelFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hyper-parameters of a BERT encoder, from config.json.
 *
 * @param hidden hidden size
 * @param layers encoder layers
 * @param heads attention heads
 * @param intermediate feed-forward size
 * @param vocab vocabulary size
 * @param maxPositions maximum sequence length
 * @param typeVocab token type vocabulary size
 * @param layerNormEps LayerNorm epsilon
 * @param labels classifier labels by index (empty when there is no head)
 */
public record BertConfig(
    int hidden,
    int layers,
    int heads,
    int intermediate,
    int vocab,
    int maxPositions,
    int typeVocab,
    double layerNormEps,
    List<String> labels) {

  /** Reads the config of a folder whose model_type is bert. */
  public static BertConfig from(ModelFolder f) {
    if (!f.modelType().equals("bert")) {
      throw new IllegalArgumentException(
          f.path() + ": model_type '" + f.modelType() + "' is not a supported encoder [bert]");
    }
    String act = f.optString("hidden_act", "gelu");
    if (!act.equals("gelu")) {
      throw new IllegalArgumentException(f.path() + ": hidden_act '" + act + "' unsupported");
    }
    List<String> labels = new ArrayList<>();
    if (f.config().has("id2label")) {
      var m = f.config().getAsJsonObject("id2label");
      for (int i = 0; i < m.size(); i++) {
        JsonElement e = m.get(String.valueOf(i));
        labels.add(e == null ? "LABEL_" + i : e.getAsString());
      }
    }
    return new BertConfig(
        f.requireInt("hidden_size"),
        f.requireInt("num_hidden_layers"),
        f.requireInt("num_attention_heads"),
        f.requireInt("intermediate_size"),
        f.requireInt("vocab_size"),
        f.optInt("max_position_embeddings", 512),
        f.optInt("type_vocab_size", 2),
        f.optDouble("layer_norm_eps", 1e-12),
        List.copyOf(labels));
  }

  /** Head size. */
  public int headDim() {
    return hidden / heads;
  }

  static Map<String, Object> none() {
    return Map.of();
  }
}
