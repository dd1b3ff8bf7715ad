package dev.switchboard.runtime.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import dev.switchboard.runtime.text.TextTokenizer;
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

  /** Tokenizes with special tokens, truncates and pads with {@code padId}. */
  public static EncodedBatch of(TextTokenizer tok, List<String> texts, int maxTokens, long padId) {
    Encoding[] enc = tok.encodeBatch(texts, true);
    int n = texts.size();
    int len = 1;
    long[][] raw = new long[n][];
    long[][] rawTypes = new long[n][];
    for (int i = 0; i < n; i++) {
      long[] ids = enc[i].getIds();
      long[] types = enc[i].getTypeIds();
      if (ids.length > maxTokens) {
        long last = ids[ids.length - 1];
        ids = java.util.Arrays.copyOf(ids, maxTokens);
        ids[maxTokens - 1] = last; // keep [SEP]
        types = java.util.Arrays.copyOf(types, maxTokens);
      }
      raw[i] = ids;
      rawTypes[i] = types;
      len = Math.max(len, ids.length);
    }
    long[][] ids = new long[n][len];
    long[][] types = new long[n][len];
    long[][] mask = new long[n][len];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(ids[i], padId);
      System.arraycopy(raw[i], 0, ids[i], 0, raw[i].length);
      System.arraycopy(rawTypes[i], 0, types[i], 0, rawTypes[i].length);
      java.util.Arrays.fill(mask[i], 0, raw[i].length, 1L);
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
