package dev.switchboard.plugins.retriever;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a text into chunks of at most a given number of tokens, as the embedding model counts
 * them, with a token overlap between neighbours. Chunks end at sentence boundaries where they can,
 * at word boundaries where a sentence alone is too long. Every chunk is an exact slice of the text,
 * so its offsets can be cited.
 */
final class Chunker {

  /** A slice of the text and its token count. */
  record Span(int start, int end, int tokens) {}

  private static final Pattern WORD = Pattern.compile("\\S+");

  private final ToIntFunction<String> countTokens;
  private final int maxTokens;
  private final int overlapTokens;

  Chunker(ToIntFunction<String> countTokens, int maxTokens, int overlapTokens) {
    if (maxTokens < 1 || overlapTokens < 0 || overlapTokens >= maxTokens) {
      throw new IllegalArgumentException(
          "need 0 <= overlap < maxTokens, got " + overlapTokens + " and " + maxTokens);
    }
    this.countTokens = countTokens;
    this.maxTokens = maxTokens;
    this.overlapTokens = overlapTokens;
  }

  List<Span> split(String text) {
    return pack(segments(text));
  }

  /** Sentences, or words and word pieces where a sentence alone exceeds the limit. */
  private List<Span> segments(String text) {
    List<Span> out = new ArrayList<>();
    BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
    sentences.setText(text);
    int start = sentences.first();
    for (int end = sentences.next();
        end != BreakIterator.DONE;
        start = end, end = sentences.next()) {
      Span sentence = trimmed(text, start, end);
      if (sentence == null) {
        continue;
      }
      if (sentence.tokens() <= maxTokens) {
        out.add(sentence);
      } else {
        words(text, sentence, out);
      }
    }
    return out;
  }

  /**
   * Words of an over-long sentence, grouped back into pieces under the limit so that the tokenizer
   * is not called once per word more than needed.
   */
  private void words(String text, Span sentence, List<Span> out) {
    Matcher m = WORD.matcher(text).region(sentence.start(), sentence.end());
    while (m.find()) {
      int tokens = count(text, m.start(), m.end());
      if (tokens <= maxTokens) {
        out.add(new Span(m.start(), m.end(), tokens));
      } else {
        // One "word" over the limit (a URL, base64, a run without spaces): cut it by characters,
        // in proportion to its token density.
        int step = Math.max(1, (int) ((long) (m.end() - m.start()) * maxTokens / tokens / 2));
        for (int s = m.start(); s < m.end(); s += step) {
          int e = Math.min(m.end(), s + step);
          out.add(new Span(s, e, Math.min(maxTokens, count(text, s, e))));
        }
      }
    }
  }

  private Span trimmed(String text, int start, int end) {
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return start == end ? null : new Span(start, end, count(text, start, end));
  }

  private int count(String text, int start, int end) {
    return Math.max(1, countTokens.applyAsInt(text.substring(start, end)));
  }

  /**
   * Greedily fills chunks with whole segments, then starts the next chunk with as many trailing
   * segments of the previous one as fit in the overlap (always advancing by at least one).
   */
  private List<Span> pack(List<Span> segments) {
    List<Span> chunks = new ArrayList<>();
    int i = 0;
    while (i < segments.size()) {
      int j = i;
      int tokens = 0;
      while (j < segments.size() && (j == i || tokens + segments.get(j).tokens() <= maxTokens)) {
        tokens += segments.get(j).tokens();
        j++;
      }
      chunks.add(new Span(segments.get(i).start(), segments.get(j - 1).end(), tokens));
      if (j == segments.size()) {
        break;
      }
      int k = j;
      int overlap = 0;
      while (k - 1 > i && overlap + segments.get(k - 1).tokens() <= overlapTokens) {
        overlap += segments.get(k - 1).tokens();
        k--;
      }
      i = k;
    }
    return chunks;
  }
}
