package dev.switchboard.runtime.store;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds small but real {@code tokenizer.json} files for random checkpoints: a GPT-2 style
 * byte-level BPE (merges learned here from a built-in corpus) and a BERT WordPiece vocabulary.
 */
public final class TokenizerJson {
  private TokenizerJson() {}

  /** Text the BPE merges are learned from; any text still tokenizes thanks to the byte fallback. */
  static final String CORPUS =
      "The quick brown fox jumps over the lazy dog. Hello world! Hello there, how are you today? "
          + "I am fine, thank you. What is the weather like in the city? It is sunny and warm. "
          + "The model answers questions about the platform and its plugins. Switchboard routes chat, "
          + "classification and retrieval tasks to plugins that run local models on the JVM. "
          + "Please summarize the following text in one sentence. The assistant is helpful and kind. "
          + "Once upon a time there was a little robot who wanted to learn how to write stories. "
          + "system user assistant tool function arguments name content role message response "
          + "1 2 3 4 5 6 7 8 9 10 100 2024 2025 2026 and the of to in is that for it with as on be at "
          + "this by from or an are was have not they which you we his her their will can would there";

  /** The GPT-2 byte-to-unicode table: every byte maps to a printable character. */
  static char[] byteToUnicode() {
    char[] table = new char[256];
    boolean[] direct = new boolean[256];
    for (int b = '!'; b <= '~'; b++) {
      direct[b] = true;
    }
    for (int b = 0xA1; b <= 0xAC; b++) {
      direct[b] = true;
    }
    for (int b = 0xAE; b <= 0xFF; b++) {
      direct[b] = true;
    }
    int n = 0;
    for (int b = 0; b < 256; b++) {
      table[b] = direct[b] ? (char) b : (char) (256 + n++);
    }
    return table;
  }

  /**
   * A byte-level BPE tokenizer: 256 byte tokens, {@code merges} learned merges, then the special
   * tokens (added last, so their ids are the highest).
   *
   * @return the tokenizer.json text and the id of each special token
   */
  public static Built byteLevelBpe(int merges, List<String> specials) {
    char[] b2u = byteToUnicode();
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (int b = 0; b < 256; b++) {
      vocab.put(String.valueOf(b2u[b]), b);
    }
    // pre-tokenize roughly like GPT-2: words with their leading space
    List<List<String>> words = new ArrayList<>();
    Matcher m = Pattern.compile(" ?[A-Za-z]+| ?[0-9]+| ?[^\\sA-Za-z0-9]+|\\s+").matcher(CORPUS);
    while (m.find()) {
      List<String> w = new ArrayList<>();
      for (byte by : m.group().getBytes(StandardCharsets.UTF_8)) {
        w.add(String.valueOf(b2u[by & 0xFF]));
      }
      words.add(w);
    }
    List<String> mergeList = new ArrayList<>();
    for (int i = 0; i < merges; i++) {
      Map<String, Integer> counts = new HashMap<>();
      for (List<String> w : words) {
        for (int j = 0; j + 1 < w.size(); j++) {
          counts.merge(w.get(j) + " " + w.get(j + 1), 1, Integer::sum);
        }
      }
      String best = null;
      int bestCount = 1;
      for (var e : counts.entrySet()) {
        // ties broken by the pair text so the result never depends on hash order
        if (e.getValue() > bestCount
            || (e.getValue() == bestCount && best != null && e.getKey().compareTo(best) < 0)) {
          best = e.getKey();
          bestCount = e.getValue();
        }
      }
      if (best == null) {
        break;
      }
      String[] pair = best.split(" ");
      String joined = pair[0] + pair[1];
      mergeList.add(best);
      vocab.put(joined, vocab.size());
      for (List<String> w : words) {
        for (int j = 0; j + 1 < w.size(); j++) {
          if (w.get(j).equals(pair[0]) && w.get(j + 1).equals(pair[1])) {
            w.set(j, joined);
            w.remove(j + 1);
          }
        }
      }
    }
    Map<String, Integer> specialIds = new LinkedHashMap<>();
    JsonArray added = new JsonArray();
    for (String s : specials) {
      int id = vocab.size();
      vocab.put(s, id);
      specialIds.put(s, id);
      added.add(addedToken(id, s));
    }
    JsonObject byteLevel = new JsonObject();
    byteLevel.addProperty("type", "ByteLevel");
    byteLevel.addProperty("add_prefix_space", false);
    byteLevel.addProperty("trim_offsets", true);
    byteLevel.addProperty("use_regex", true);

    JsonObject model = new JsonObject();
    model.addProperty("type", "BPE");
    model.add("dropout", null);
    model.add("unk_token", null);
    model.add("continuing_subword_prefix", null);
    model.add("end_of_word_suffix", null);
    model.addProperty("fuse_unk", false);
    model.addProperty("byte_fallback", false);
    JsonObject v = new JsonObject();
    vocab.forEach(
        (k, id) -> {
          if (!specialIds.containsKey(k)) {
            v.addProperty(k, id);
          }
        });
    model.add("vocab", v);
    JsonArray mj = new JsonArray();
    mergeList.forEach(mj::add);
    model.add("merges", mj);

    JsonObject root = new JsonObject();
    root.addProperty("version", "1.0");
    root.add("truncation", null);
    root.add("padding", null);
    root.add("added_tokens", added);
    root.add("normalizer", null);
    root.add("pre_tokenizer", byteLevel);
    root.add("post_processor", byteLevel.deepCopy());
    root.add("decoder", byteLevel.deepCopy());
    root.add("model", model);
    return new Built(root.toString(), vocab.size(), specialIds);
  }

  /** BERT's special tokens in their usual order. */
  public static final List<String> BERT_SPECIALS =
      List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

  /** A lower-casing WordPiece tokenizer with CLS/SEP post-processing, like bert-base-uncased. */
  public static Built wordPiece() {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    BERT_SPECIALS.forEach(s -> vocab.put(s, vocab.size()));
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    String punct = ".,!?;:'\"()-_/[]{}@#$%&*+=<>";
    for (char c : (chars + punct).toCharArray()) {
      vocab.putIfAbsent(String.valueOf(c), vocab.size());
    }
    for (char c : chars.toCharArray()) {
      vocab.putIfAbsent("##" + c, vocab.size());
    }
    for (String w : CORPUS.toLowerCase().split("[^a-z0-9]+")) {
      if (w.length() > 1) {
        vocab.putIfAbsent(w, vocab.size());
      }
    }
    for (String suffix : List.of("##s", "##ing", "##ed", "##er", "##ly", "##tion")) {
      vocab.putIfAbsent(suffix, vocab.size());
    }
    JsonArray added = new JsonArray();
    Map<String, Integer> specialIds = new LinkedHashMap<>();
    for (String s : BERT_SPECIALS) {
      added.add(addedToken(vocab.get(s), s));
      specialIds.put(s, vocab.get(s));
    }
    JsonObject normalizer = new JsonObject();
    normalizer.addProperty("type", "BertNormalizer");
    normalizer.addProperty("clean_text", true);
    normalizer.addProperty("handle_chinese_chars", true);
    normalizer.add("strip_accents", null);
    normalizer.addProperty("lowercase", true);
    JsonObject pre = new JsonObject();
    pre.addProperty("type", "BertPreTokenizer");

    JsonObject post = new JsonObject();
    post.addProperty("type", "TemplateProcessing");
    post.add("single", template(false));
    post.add("pair", template(true));
    JsonObject sp = new JsonObject();
    for (String s : List.of("[CLS]", "[SEP]")) {
      JsonObject t = new JsonObject();
      t.addProperty("id", s);
      JsonArray ids = new JsonArray();
      ids.add(vocab.get(s));
      t.add("ids", ids);
      JsonArray toks = new JsonArray();
      toks.add(s);
      t.add("tokens", toks);
      sp.add(s, t);
    }
    post.add("special_tokens", sp);

    JsonObject decoder = new JsonObject();
    decoder.addProperty("type", "WordPiece");
    decoder.addProperty("prefix", "##");
    decoder.addProperty("cleanup", true);

    JsonObject model = new JsonObject();
    model.addProperty("type", "WordPiece");
    model.addProperty("unk_token", "[UNK]");
    model.addProperty("continuing_subword_prefix", "##");
    model.addProperty("max_input_chars_per_word", 100);
    JsonObject v = new JsonObject();
    vocab.forEach(v::addProperty);
    model.add("vocab", v);

    JsonObject root = new JsonObject();
    root.addProperty("version", "1.0");
    root.add("truncation", null);
    root.add("padding", null);
    root.add("added_tokens", added);
    root.add("normalizer", normalizer);
    root.add("pre_tokenizer", pre);
    root.add("post_processor", post);
    root.add("decoder", decoder);
    root.add("model", model);
    return new Built(root.toString(), vocab.size(), specialIds);
  }

  private static JsonArray template(boolean pair) {
    JsonArray a = new JsonArray();
    a.add(special("[CLS]", 0));
    a.add(sequence("A", 0));
    a.add(special("[SEP]", 0));
    if (pair) {
      a.add(sequence("B", 1));
      a.add(special("[SEP]", 1));
    }
    return a;
  }

  private static JsonObject special(String id, int type) {
    JsonObject inner = new JsonObject();
    inner.addProperty("id", id);
    inner.addProperty("type_id", type);
    JsonObject o = new JsonObject();
    o.add("SpecialToken", inner);
    return o;
  }

  private static JsonObject sequence(String id, int type) {
    JsonObject inner = new JsonObject();
    inner.addProperty("id", id);
    inner.addProperty("type_id", type);
    JsonObject o = new JsonObject();
    o.add("Sequence", inner);
    return o;
  }

  private static JsonObject addedToken(int id, String content) {
    JsonObject t = new JsonObject();
    t.addProperty("id", id);
    t.addProperty("content", content);
    t.addProperty("single_word", false);
    t.addProperty("lstrip", false);
    t.addProperty("rstrip", false);
    t.addProperty("normalized", false);
    t.addProperty("special", true);
    return t;
  }

  /**
   * A generated tokenizer.
   *
   * @param json tokenizer.json text
   * @param vocabSize number of ids
   * @param specialIds id of each special token
   */
  public record Built(String json, int vocabSize, Map<String, Integer> specialIds) {}
}
