package dev.switchboard.testkit.models;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Whitespace tokenisation shared by the fake models, so counts are easy to predict in tests. */
final class Tokens {

  // A token is a run of non-space characters with the whitespace before it, as LLM tokenizers
  // attach a leading space to words; concatenating the pieces gives back the text exactly.
  private static final Pattern PIECE = Pattern.compile("\\s*\\S+");

  private Tokens() {}

  /** Splits text into streamable pieces whose concatenation equals the text. */
  static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    Matcher matcher = PIECE.matcher(text);
    int end = 0;
    while (matcher.find()) {
      pieces.add(matcher.group());
      end = matcher.end();
    }
    if (end < text.length()) {
      String trailing = text.substring(end);
      if (pieces.isEmpty()) {
        pieces.add(trailing);
      } else {
        pieces.set(pieces.size() - 1, pieces.get(pieces.size() - 1) + trailing);
      }
    }
    return pieces;
  }

  /** Counts whitespace-separated words. */
  static int count(String text) {
    if (text == null) {
      return 0;
    }
    int count = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        count++;
      }
      inWord = !space;
    }
    return count;
  }
}
