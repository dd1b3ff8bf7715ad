package dev.switchboard.runtime.store;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.switchboard.runtime.safetensors.DType;
import dev.switchboard.runtime.safetensors.SafetensorsWriter;
import dev.switchboard.runtime.safetensors.SafetensorsWriter.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes random-weight checkpoints in Hugging Face layout: config.json (marked with {@code
 * "switchboard_random": true}), safetensors weights, a small real tokenizer.json,
 * tokenizer_config.json with a Qwen2.5-style chat template, and generation_config.json. Tests,
 * demos, benchmarks and {@code models create-random} use them; no model hub is needed.
 */
public final class RandomCheckpoint {
  /** Shapes that {@link #create(Path, String, long)} accepts. */
  public static final List<String> SHAPES =
      List.of("tiny", "tiny-llama", "qwen2.5-0.5b", "bert-mini", "bert-mini-cls");

  private static final List<String> CHAT_SPECIALS =
      List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>");

  private RandomCheckpoint() {}

  /**
   * Creates a checkpoint with one of {@link #SHAPES}: {@code tiny} (a 2-layer qwen2 with biases,
   * F32), {@code tiny-llama} (llama, untied lm_head, BF16 storage), {@code qwen2.5-0.5b} (the real
   * model's shapes, BF16 storage, ~1 GB), {@code bert-mini} (4-layer BERT encoder) and {@code
   * bert-mini-cls} (the same with a two-label classifier head).
   */
  public static Path create(Path dir, String shape, long seed) {
    return switch (shape) {
      case "tiny", "tiny-llama", "qwen2.5-0.5b" -> create(dir, shape, seed, null, 1);
      case "bert-mini", "bert-mini-cls" -> createBert(dir, shape.endsWith("-cls"), seed);
      default ->
          throw new IllegalArgumentException(
              "unknown shape '" + shape + "', expected one of " + SHAPES);
    };
  }

  /**
   * Creates a decoder checkpoint with an explicit storage dtype (null: the shape's default) split
   * into {@code shards} files with a model.safetensors.index.json when shards &gt; 1.
   */
  public static Path create(Path dir, String shape, long seed, DType storage, int shards) {
    TokenizerJson.Built tok = TokenizerJson.byteLevelBpe(200, CHAT_SPECIALS);
    JsonObject c = new JsonObject();
    DType dtype;
    switch (shape) {
      case "tiny" -> {
        decoderConfig(c, "qwen2", 64, 128, 2, 4, 2, tok.vocabSize(), 10000.0, 512, true);
        dtype = DType.F32;
      }
      case "tiny-llama" -> {
        decoderConfig(c, "llama", 64, 160, 2, 4, 1, tok.vocabSize(), 500000.0, 512, false);
        dtype = DType.BF16;
      }
      case "qwen2.5-0.5b" -> {
        decoderConfig(c, "qwen2", 896, 4864, 24, 14, 2, 151936, 1000000.0, 32768, true);
        c.addProperty("rms_norm_eps", 1e-6);
        dtype = DType.BF16;
      }
      default -> throw new IllegalArgumentException("not a decoder shape: " + shape);
    }
    if (storage != null) {
      dtype = storage;
    }
    c.addProperty(
        "torch_dtype",
        dtype == DType.F32 ? "float32" : dtype == DType.F16 ? "float16" : "bfloat16");
    int eos = tok.specialIds().get("<|im_end|>");
    int eot = tok.specialIds().get("<|endoftext|>");
    c.addProperty("bos_token_id", eot);
    c.addProperty("eos_token_id", eos);
    try {
      Files.createDirectories(dir);
      writeJson(dir.resolve("config.json"), c);
      Files.writeString(dir.resolve("tokenizer.json"), tok.json());
      JsonObject tc = new JsonObject();
      tc.addProperty("chat_template", qwenTemplate());
      tc.add("bos_token", null);
      tc.addProperty("eos_token", "<|im_end|>");
      tc.addProperty("pad_token", "<|endoftext|>");
      tc.addProperty("model_max_length", c.get("max_position_embeddings").getAsInt());
      tc.addProperty("tokenizer_class", "Qwen2Tokenizer");
      writeJson(dir.resolve("tokenizer_config.json"), tc);
      JsonObject g = new JsonObject();
      g.addProperty("bos_token_id", eot);
      JsonArray eosIds = new JsonArray();
      eosIds.add(eos);
      eosIds.add(eot);
      g.add("eos_token_id", eosIds);
      g.addProperty("do_sample", true);
      g.addProperty("temperature", 0.7);
      g.addProperty("top_p", 0.8);
      g.addProperty("top_k", 20);
      g.addProperty("repetition_penalty", 1.05);
      writeJson(dir.resolve("generation_config.json"), g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writeWeights(dir, decoderSpecs(c, dtype), seed, shards);
    return dir;
  }

  private static void decoderConfig(
      JsonObject c,
      String type,
      int hidden,
      int inter,
      int layers,
      int heads,
      int kvHeads,
      int vocab,
      double theta,
      int maxPos,
      boolean tied) {
    JsonArray arch = new JsonArray();
    arch.add(type.equals("qwen2") ? "Qwen2ForCausalLM" : "LlamaForCausalLM");
    c.add("architectures", arch);
    c.addProperty("model_type", type);
    c.addProperty("hidden_size", hidden);
    c.addProperty("intermediate_size", inter);
    c.addProperty("num_hidden_layers", layers);
    c.addProperty("num_attention_heads", heads);
    c.addProperty("num_key_value_heads", kvHeads);
    c.addProperty("vocab_size", vocab);
    c.addProperty("rms_norm_eps", 1e-6);
    c.addProperty("rope_theta", theta);
    c.addProperty("max_position_embeddings", maxPos);
    c.addProperty("tie_word_embeddings", tied);
    c.addProperty("hidden_act", "silu");
    c.addProperty("switchboard_random", true);
  }

  private static List<Spec> decoderSpecs(JsonObject c, DType dt) {
    int h = c.get("hidden_size").getAsInt();
    int inter = c.get("intermediate_size").getAsInt();
    int heads = c.get("num_attention_heads").getAsInt();
    int kv = c.get("num_key_value_heads").getAsInt();
    int hd = h / heads;
    int v = c.get("vocab_size").getAsInt();
    boolean bias = c.get("model_type").getAsString().equals("qwen2");
    List<Spec> s = new ArrayList<>();
    s.add(new Spec("model.embed_tokens.weight", dt, new long[] {v, h}));
    for (int i = 0; i < c.get("num_hidden_layers").getAsInt(); i++) {
      String p = "model.layers." + i + ".";
      s.add(new Spec(p + "input_layernorm.weight", dt, new long[] {h}));
      s.add(new Spec(p + "self_attn.q_proj.weight", dt, new long[] {heads * hd, h}));
      s.add(new Spec(p + "self_attn.k_proj.weight", dt, new long[] {kv * hd, h}));
      s.add(new Spec(p + "self_attn.v_proj.weight", dt, new long[] {kv * hd, h}));
      if (bias) {
        s.add(new Spec(p + "self_attn.q_proj.bias", dt, new long[] {heads * hd}));
        s.add(new Spec(p + "self_attn.k_proj.bias", dt, new long[] {kv * hd}));
        s.add(new Spec(p + "self_attn.v_proj.bias", dt, new long[] {kv * hd}));
      }
      s.add(new Spec(p + "self_attn.o_proj.weight", dt, new long[] {h, heads * hd}));
      s.add(new Spec(p + "post_attention_layernorm.weight", dt, new long[] {h}));
      s.add(new Spec(p + "mlp.gate_proj.weight", dt, new long[] {inter, h}));
      s.add(new Spec(p + "mlp.up_proj.weight", dt, new long[] {inter, h}));
      s.add(new Spec(p + "mlp.down_proj.weight", dt, new long[] {h, inter}));
    }
    s.add(new Spec("model.norm.weight", dt, new long[] {h}));
    if (!c.get("tie_word_embeddings").getAsBoolean()) {
      s.add(new Spec("lm_head.weight", dt, new long[] {v, h}));
    }
    return s;
  }

  private static Path createBert(Path dir, boolean classifier, long seed) {
    TokenizerJson.Built tok = TokenizerJson.wordPiece();
    int h = 256;
    int layers = 4;
    int heads = 4;
    int inter = 1024;
    int maxPos = 512;
    JsonObject c = new JsonObject();
    JsonArray arch = new JsonArray();
    arch.add(classifier ? "BertForSequenceClassification" : "BertModel");
    c.add("architectures", arch);
    c.addProperty("model_type", "bert");
    c.addProperty("hidden_size", h);
    c.addProperty("num_hidden_layers", layers);
    c.addProperty("num_attention_heads", heads);
    c.addProperty("intermediate_size", inter);
    c.addProperty("vocab_size", tok.vocabSize());
    c.addProperty("max_position_embeddings", maxPos);
    c.addProperty("type_vocab_size", 2);
    c.addProperty("layer_norm_eps", 1e-12);
    c.addProperty("hidden_act", "gelu");
    c.addProperty("pad_token_id", 0);
    c.addProperty("torch_dtype", "float32");
    c.addProperty("switchboard_random", true);
    if (classifier) {
      JsonObject id2label = new JsonObject();
      id2label.addProperty("0", "negative");
      id2label.addProperty("1", "positive");
      c.add("id2label", id2label);
    }
    String p = classifier ? "bert." : "";
    DType dt = DType.F32;
    List<Spec> s = new ArrayList<>();
    s.add(new Spec(p + "embeddings.word_embeddings.weight", dt, new long[] {tok.vocabSize(), h}));
    s.add(new Spec(p + "embeddings.position_embeddings.weight", dt, new long[] {maxPos, h}));
    s.add(new Spec(p + "embeddings.token_type_embeddings.weight", dt, new long[] {2, h}));
    s.add(new Spec(p + "embeddings.LayerNorm.weight", dt, new long[] {h}));
    s.add(new Spec(p + "embeddings.LayerNorm.bias", dt, new long[] {h}));
    for (int i = 0; i < layers; i++) {
      String l = p + "encoder.layer." + i + ".";
      for (String proj : List.of("query", "key", "value")) {
        s.add(new Spec(l + "attention.self." + proj + ".weight", dt, new long[] {h, h}));
        s.add(new Spec(l + "attention.self." + proj + ".bias", dt, new long[] {h}));
      }
      s.add(new Spec(l + "attention.output.dense.weight", dt, new long[] {h, h}));
      s.add(new Spec(l + "attention.output.dense.bias", dt, new long[] {h}));
      s.add(new Spec(l + "attention.output.LayerNorm.weight", dt, new long[] {h}));
      s.add(new Spec(l + "attention.output.LayerNorm.bias", dt, new long[] {h}));
      s.add(new Spec(l + "intermediate.dense.weight", dt, new long[] {inter, h}));
      s.add(new Spec(l + "intermediate.dense.bias", dt, new long[] {inter}));
      s.add(new Spec(l + "output.dense.weight", dt, new long[] {h, inter}));
      s.add(new Spec(l + "output.dense.bias", dt, new long[] {h}));
      s.add(new Spec(l + "output.LayerNorm.weight", dt, new long[] {h}));
      s.add(new Spec(l + "output.LayerNorm.bias", dt, new long[] {h}));
    }
    s.add(new Spec(p + "pooler.dense.weight", dt, new long[] {h, h}));
    s.add(new Spec(p + "pooler.dense.bias", dt, new long[] {h}));
    if (classifier) {
      s.add(new Spec("classifier.weight", dt, new long[] {2, h}));
      s.add(new Spec("classifier.bias", dt, new long[] {2}));
    }
    try {
      Files.createDirectories(dir);
      writeJson(dir.resolve("config.json"), c);
      Files.writeString(dir.resolve("tokenizer.json"), tok.json());
      JsonObject tc = new JsonObject();
      tc.addProperty("do_lower_case", true);
      tc.addProperty("model_max_length", maxPos);
      tc.addProperty("tokenizer_class", "BertTokenizer");
      writeJson(dir.resolve("tokenizer_config.json"), tc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writeWeights(dir, s, seed, 1);
    return dir;
  }

  /** Deterministic values per tensor: norms near 1, everything else ~N(0, 0.02)-sized. */
  static float[] values(Spec s, long seed) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + s.name().hashCode());
    float[] v = new float[(int) s.numel()];
    boolean norm = s.name().contains("norm") || s.name().contains("LayerNorm.weight");
    boolean lnBias = s.name().contains("LayerNorm.bias");
    double a = 0.02 * Math.sqrt(3); // uniform(-a, a) has standard deviation 0.02
    for (int i = 0; i < v.length; i++) {
      double u = r.nextDouble() * 2 - 1;
      v[i] = (float) (norm ? 1 + 0.1 * u : lnBias ? 0.01 * u : a * u);
    }
    return v;
  }

  private static void writeWeights(Path dir, List<Spec> specs, long seed, int shards) {
    Map<String, String> meta = Map.of("format", "pt");
    if (shards <= 1) {
      SafetensorsWriter.write(dir.resolve("model.safetensors"), specs, s -> values(s, seed), meta);
      return;
    }
    JsonObject weightMap = new JsonObject();
    int per = (specs.size() + shards - 1) / shards;
    long total = 0;
    for (int k = 0; k < shards; k++) {
      List<Spec> part =
          specs.subList(Math.min(specs.size(), k * per), Math.min(specs.size(), (k + 1) * per));
      String name = String.format("model-%05d-of-%05d.safetensors", k + 1, shards);
      SafetensorsWriter.write(dir.resolve(name), part, s -> values(s, seed), meta);
      for (Spec s : part) {
        weightMap.addProperty(s.name(), name);
        total += s.numel() * s.dtype().size();
      }
    }
    JsonObject index = new JsonObject();
    JsonObject m = new JsonObject();
    m.addProperty("total_size", total);
    index.add("metadata", m);
    index.add("weight_map", weightMap);
    writeJson(dir.resolve("model.safetensors.index.json"), index);
  }

  private static void writeJson(Path p, JsonObject o) {
    try {
      Files.writeString(
          p, new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(o));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Qwen2.5 chat template shipped as a resource. */
  public static String qwenTemplate() {
    try (InputStream in =
        RandomCheckpoint.class.getResourceAsStream("qwen2.5-chat-template.jinja")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
