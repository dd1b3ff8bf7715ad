package dev.switchboard.runtime.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import dev.switchboard.runtime.text.TextTokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * Token ids, type ids and attention mask of a batch, truncated to a maximum length (keeping the
 * final [SEP]) and right-padded to the longest text.
 *
 * @param ids [batch][len]
 * @param typeIds [batch][len]
 * @param mask [batch][len], 1 for real tokens
 * @param len padded length
 */
public record EncodedBatch(long[][] ids, long[][] typeIds, long[][] mask, int len) {

  /**
   * One text's token ids and type ids, with special tokens, truncated.
   *
   * @param ids token ids
   * @param typeIds token type ids
   */
  public record Tokens(long[] ids, long[] typeIds) {}

  /** Tokenizes with special tokens, truncates and pads with {@code padId}. */
  public static EncodedBatch of(TextTokenizer tok, List<String> texts, int maxTokens, long padId) {
    return pad(tokenize(tok, texts, maxTokens), padId);
  }

  /** Tokenizes with special tokens and truncates to {@code maxTokens}, keeping the last token. */
  public static List<Tokens> tokenize(TextTokenizer tok, List<String> texts, int maxTokens) {
    Encoding[] enc = tok.encodeBatch(texts, true);
    Tokens[] out = new Tokens[texts.size()];
    for (int i = 0; i < out.length; i++) {
      long[] ids = enc[i].getIds();
      long[] types = enc[i].getTypeIds();
      if (ids.length > maxTokens) {
        long last = ids[ids.length - 1];
        ids = Arrays.copyOf(ids, maxTokens);
        ids[maxTokens - 1] = last; // keep [SEP]
        types = Arrays.copyOf(types, maxTokens);
      }
      out[i] = new Tokens(ids, types);
    }
    return Arrays.asList(out);
  }

  /** Right-pads tokenized texts to the longest one with {@code padId}. */
  public static EncodedBatch pad(List<Tokens> texts, long padId) {
    int n = texts.size();
    int len = 1;
    for (Tokens t : texts) {
      len = Math.max(len, t.ids().length);
    }
    long[][] ids = new long[n][len];
    long[][] types = new long[n][len];
    long[][] mask = new long[n][len];
    for (int i = 0; i < n; i++) {
      Tokens t = texts.get(i);
      Arrays.fill(ids[i], padId);
      System.arraycopy(t.ids(), 0, ids[i], 0, t.ids().length);
      System.arraycopy(t.typeIds(), 0, types[i], 0, t.typeIds().length);
      Arrays.fill(mask[i], 0, t.ids().length, 1L);
    }
    return new EncodedBatch(ids, types, mask, len);
  }

  /** Row-major flattening for native tensors. */
  public static long[] flat(long[][] a) {
    int n = a.length;
    int m = n == 0 ? 0 : a[0].length;
    long[] out = new long[n * m];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, out, i * m, m);
    }
    return out;
  }
}
