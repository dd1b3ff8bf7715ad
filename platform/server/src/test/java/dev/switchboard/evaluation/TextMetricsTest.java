package dev.switchboard.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextMetricsTest {

  @Test
  void squadNormalisationAndExactMatch() {
    assertEquals("cat sat", TextMetrics.squadNormalize("The  cat, sat!"));
    assertEquals(1.0, TextMetrics.exactMatch("The Cat!", "cat"));
    assertEquals(0.0, TextMetrics.exactMatch("a dog", "cat"));
  }

  // Normalised: [cat, is, on, mat] vs [cat, sat, on, mat] -> 3 common, P = R = 3/4, F1 3/4.
  @Test
  void tokenF1() {
    assertEquals(
        0.75, TextMetrics.tokenF1("the cat is on the mat", "the cat sat on the mat"), 1e-12);
    assertEquals(0.0, TextMetrics.tokenF1("dog", "cat"));
    assertEquals(1.0, TextMetrics.tokenF1("the", "a"));
    // Repeated tokens count once per occurrence: [cat, cat] vs [cat] -> P 1/2, R 1 -> 2/3.
    assertEquals(2.0 / 3, TextMetrics.tokenF1("cat cat", "cat"), 1e-12);
  }

  // LCS(the cat is on the mat, the cat sat on the mat) = the cat on the mat = 5 of 6 both ways.
  @Test
  void rougeL() {
    assertEquals(
        5.0 / 6, TextMetrics.rougeL("the cat is on the mat", "The cat sat on the mat."), 1e-12);
    assertEquals(0.0, TextMetrics.rougeL("", "x"));
    // LCS of "a b c d" and "a c b d" is 3 -> P = R = 3/4.
    assertEquals(0.75, TextMetrics.rougeL("a b c d", "a c b d"), 1e-12);
  }

  // hyp "the cat is on the mat", ref "the cat sat on the mat":
  //   1-grams 5/6, 2-grams 3/5, 3-grams 1/4, 4-grams 0/3 -> exp smoothing 1/(2*3);
  //   BP 1 -> 100 * exp(mean(log(5/6, 3/5, 1/4, 1/6))) = 37.9917842...
  @Test
  void bleuWithSmoothingAndBrevityPenalty() {
    double[] s = Bleu.corpus(List.of("the cat is on the mat"), List.of("the cat sat on the mat"));
    assertEquals(37.99178428257963, s[0], 1e-9);
    assertEquals(100.0 / 6, s[4], 1e-9);
    // Four of six reference tokens, all n-grams matching: BP = exp(1 - 6/4).
    double[] shortHyp = Bleu.corpus(List.of("the cat sat on"), List.of("the cat sat on the mat"));
    assertEquals(60.653065971263345, shortHyp[0], 1e-9);
    // No 3-grams at all: BLEU is 0, as sacreBLEU gives.
    assertEquals(0.0, Bleu.corpus(List.of("the cat"), List.of("the cat"))[0], 1e-9);
    assertEquals(
        100.0, Bleu.corpus(List.of("a b c d", "e f g h"), List.of("a b c d", "e f g h"))[0], 1e-9);
  }

  @Test
  void tokenizer13aSplitsPunctuationButNotDecimals() {
    assertEquals(List.of("Hello", ",", "world", "!"), Bleu.tokenize13a("Hello, world!"));
    // A dash after a digit is split off; a period between digits is not; a hyphen in a word stays.
    assertEquals(
        List.of("costs", "3.50", "in", "2024", "-", "25", "e-mail"),
        Bleu.tokenize13a("costs 3.50 in 2024-25 e-mail"));
    assertEquals(List.of("end", "."), Bleu.tokenize13a("end."));
  }
}
