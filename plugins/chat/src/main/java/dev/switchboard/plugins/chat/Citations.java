package dev.switchboard.plugins.chat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the source numbers an answer cites: {@code [2]}, {@code [1][3]} or {@code [1, 3]}. */
final class Citations {

  private static final Pattern MARK =
      Pattern.compile("\\[(\\s*\\d{1,4}(?:\\s*,\\s*\\d{1,4})*\\s*)]");

  private Citations() {}

  /**
   * The cited numbers, each once, in the order first cited; numbers outside 1..{@code sources} are
   * not citations (models also write things like list markers or years in brackets).
   */
  static List<Integer> cited(String answer, int sources) {
    Set<Integer> found = new LinkedHashSet<>();
    Matcher m = MARK.matcher(answer);
    while (m.find()) {
      for (String part : m.group(1).split(",")) {
        int n = Integer.parseInt(part.strip());
        if (n >= 1 && n <= sources) {
          found.add(n);
        }
      }
    }
    return new ArrayList<>(found);
  }
}
