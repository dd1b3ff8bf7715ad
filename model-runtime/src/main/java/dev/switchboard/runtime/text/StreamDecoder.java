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
  private final List<String> hidden;
  private long[] ids = new long[16];
  private int count;
  private String text = "";
  private int emitted;
  private boolean stopped;

  /** Creates a decoder for one completion. */
  public StreamDecoder(TextTokenizer tokenizer, List<String> stops) {
    this(tokenizer, stops, List.of());
  }

  /**
   * Creates a decoder that also never streams text from the first of {@code hiddenFrom} on (tool
   * call blocks, parsed when generation ends); {@link #text()} still holds everything.
   */
  public StreamDecoder(TextTokenizer tokenizer, List<String> stops, List<String> hiddenFrom) {
    this.tokenizer = tokenizer;
    this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    this.maxStop = this.stops.stream().mapToInt(String::length).max().orElse(0);
    this.hidden = List.copyOf(hiddenFrom);
  }

  /** Where streaming must end: the first hidden marker, or the end of the text. */
  private int visibleEnd() {
    int end = text.length();
    for (String h : hidden) {
      int i = text.indexOf(h);
      if (i >= 0) {
        end = Math.min(end, i);
      }
    }
    return end;
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
        return take(Math.min(at, visibleEnd()));
      }
    }
    int safe = visibleEnd();
    while (safe > emitted && text.charAt(safe - 1) == '\uFFFD') {
      safe--;
    }
    safe -= heldForStop(safe);
    return take(safe);
  }

  /** Length of the longest tail of text[0, end) that is a proper prefix of a stop sequence. */
  private int heldForStop(int end) {
    int hold = 0;
    for (String s : hidden.isEmpty() ? stops : concat(stops, hidden)) {
      for (int k = Math.min(s.length() - 1, end - emitted); k > hold; k--) {
        if (text.regionMatches(end - k, s, 0, k)) {
          hold = k;
          break;
        }
      }
    }
    return hold;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
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
    return take(visibleEnd());
  }

  /** The completion text (cut before a stop sequence when one was found). */
  public String text() {
    return text;
  }
}
