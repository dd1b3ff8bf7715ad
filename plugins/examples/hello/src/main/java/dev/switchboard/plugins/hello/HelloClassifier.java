package dev.switchboard.plugins.hello;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.classify.Classifier;
import dev.switchboard.api.classify.ClassifyRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Labels texts {@code greeting} or {@code other} by looking for greeting words. It is cheap on
 * purpose: the routing benchmark uses it as its no-op plugin, so a call allocates only the result
 * list.
 */
@Extension
public class HelloClassifier implements Classifier {

  /** The label of texts that greet. */
  public static final String GREETING = "greeting";

  /** The label of everything else. */
  public static final String OTHER = "other";

  private static final String[] GREETING_WORDS = {
    "hello",
    "hi",
    "hey",
    "hiya",
    "howdy",
    "greetings",
    "hallo",
    "hola",
    "bonjour",
    "ciao",
    "salut",
    "good morning",
    "good afternoon",
    "good evening"
  };

  // Classifications are immutable, so the three possible answers are built once and shared.
  private static final Classification OPENS_WITH_GREETING = of(0.95, 0.05);
  private static final Classification MENTIONS_GREETING = of(0.7, 0.3);
  private static final Classification NO_GREETING = of(0.05, 0.95);

  // Both scores are literals so they print as written (1 - 0.95 is 0.050000000000000044).
  private static Classification of(double greeting, double other) {
    return greeting >= other
        ? new Classification(GREETING, greeting, Map.of(GREETING, greeting, OTHER, other))
        : new Classification(OTHER, other, Map.of(GREETING, greeting, OTHER, other));
  }

  @Override
  public String name() {
    return "hello";
  }

  @Override
  public Future<List<Classification>> classify(ClassifyRequest request, TaskContext ctx) {
    List<String> inputs = request.inputs();
    List<Classification> out = new ArrayList<>(inputs.size());
    for (String input : inputs) {
      out.add(classify(input));
    }
    return Future.succeededFuture(out);
  }

  /**
   * Classifies one text.
   *
   * @param text the text
   * @return one of three shared classifications
   */
  static Classification classify(String text) {
    boolean first = true;
    int i = 0;
    int n = text.length();
    while (i < n) {
      if (!Character.isLetter(text.charAt(i))) {
        i++;
        continue;
      }
      if (startsWithGreeting(text, i)) {
        return first ? OPENS_WITH_GREETING : MENTIONS_GREETING;
      }
      first = false;
      while (i < n && Character.isLetter(text.charAt(i))) {
        i++;
      }
    }
    return NO_GREETING;
  }

  // Matches whole words only, without allocating: "hi" counts, "history" does not.
  private static boolean startsWithGreeting(String text, int at) {
    for (String word : GREETING_WORDS) {
      int end = at + word.length();
      if (text.regionMatches(true, at, word, 0, word.length())
          && (end == text.length() || !Character.isLetter(text.charAt(end)))) {
        return true;
      }
    }
    return false;
  }
}
