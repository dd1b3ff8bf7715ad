package dev.switchboard.runtime.text;

import java.util.Arrays;
import java.util.List;

/**
 * Turns generated token ids into text pieces safe to stream: it re-decodes the completion so far
 * (byte-level tokens may split a UTF-8 character), holds back an incomplete character and any tail
 * that could still become a stop sequence, and detects stop sequences on the text, also when they
 * span several tokens.
 */
public final class StreamDecoder {
  private final TextTokenizer tokenizer;
  private final List<String> stops;
  private final int maxStop;
  private long[] ids = new long[16];
  private int count;
  private String text = "";
  private int emitted;
  private boolean stopped;

  /** Creates a decoder for one completion. */
  public StreamDecoder(TextTokenizer tokenizer, List<String> stops) {
    this.tokenizer = tokenizer;
    this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    this.maxStop = this.stops.stream().mapToInt(String::length).max().orElse(0);
  }

  /** Adds a token; returns the text that may be emitted now (possibly empty). */
  public String push(int id) {
    if (count == ids.length) {
      ids = Arrays.copyOf(ids, count * 2);
    }
    ids[count++] = id;
    text = tokenizer.decode(Arrays.copyOf(ids, count), true);
    if (!stops.isEmpty()) {
      int from = Math.max(0, emitted - maxStop);
      int at = -1;
      for (String s : stops) {
        int i = text.indexOf(s, from);
        if (i >= 0 && (at < 0 || i < at)) {
          at = i;
        }
      }
      if (at >= 0) {
        stopped = true;
        text = text.substring(0, at);
        return take(at);
      }
    }
    int safe = text.length();
    while (safe > emitted && text.charAt(safe - 1) == '\uFFFD') {
      safe--;
    }
    safe -= heldForStop(safe);
    return take(safe);
  }

  /** Length of the longest tail of text[0, end) that is a proper prefix of a stop sequence. */
  private int heldForStop(int end) {
    int hold = 0;
    for (String s : stops) {
      for (int k = Math.min(s.length() - 1, end - emitted); k > hold; k--) {
        if (text.regionMatches(end - k, s, 0, k)) {
          hold = k;
          break;
        }
      }
    }
    return hold;
  }

  private String take(int end) {
    if (end <= emitted) {
      return "";
    }
    String piece = text.substring(emitted, end);
    emitted = end;
    return piece;
  }

  /** Whether a stop sequence was found. */
  public boolean stopped() {
    return stopped;
  }

  /** Releases text held back for a possible stop sequence; call when generation ends. */
  public String flush() {
    return take(text.length());
  }

  /** The completion text (cut before a stop sequence when one was found). */
  public String text() {
    return text;
  }
}
