package dev.switchboard.plugins.retriever;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  /** Whitespace words, like the testkit's fake models. */
  private static int words(String s) {
    String t = s.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  private static String sentences(int count, int wordsEach) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      for (int w = 0; w < wordsEach; w++) {
        sb.append(w == 0 ? "S" + i : "w" + w).append(w == wordsEach - 1 ? ". " : " ");
      }
    }
    return sb.toString();
  }

  @Test
  void chunksStayUnderTheLimitAndAreExactSlices() {
    String text = sentences(40, 7);
    List<Chunker.Span> chunks = new Chunker(ChunkerTest::words, 30, 10).split(text);
    assertTrue(chunks.size() > 5, "chunks: " + chunks.size());
    for (Chunker.Span c : chunks) {
      String slice = text.substring(c.start(), c.end());
      assertTrue(words(slice) <= 30, "too long: " + slice);
      assertEquals(words(slice), c.tokens());
      assertTrue(slice.endsWith("."), "not at a sentence end: " + slice);
    }
    assertEquals(0, chunks.get(0).start());
    assertEquals(text.strip().length(), chunks.get(chunks.size() - 1).end());
  }

  @Test
  void neighboursOverlapByWholeSentencesWithinTheBudget() {
    String text = sentences(20, 5);
    List<Chunker.Span> chunks = new Chunker(ChunkerTest::words, 20, 10).split(text);
    for (int i = 1; i < chunks.size(); i++) {
      Chunker.Span prev = chunks.get(i - 1);
      Chunker.Span next = chunks.get(i);
      assertTrue(next.start() < prev.end(), "no overlap between " + prev + " and " + next);
      assertTrue(next.start() > prev.start(), "no progress");
      assertTrue(words(text.substring(next.start(), prev.end())) <= 10, "overlap too large");
    }
  }

  @Test
  void withoutOverlapChunksTileTheText() {
    String text = sentences(12, 4);
    List<Chunker.Span> chunks = new Chunker(ChunkerTest::words, 8, 0).split(text);
    for (int i = 1; i < chunks.size(); i++) {
      assertTrue(chunks.get(i).start() > chunks.get(i - 1).end());
    }
    assertEquals(6, chunks.size());
  }

  @Test
  void aSentenceOverTheLimitIsCutAtWords() {
    String text = "one two three four five six seven eight nine ten eleven twelve";
    List<Chunker.Span> chunks = new Chunker(ChunkerTest::words, 5, 1).split(text);
    for (Chunker.Span c : chunks) {
      assertTrue(words(text.substring(c.start(), c.end())) <= 5);
    }
    assertTrue(text.substring(chunks.get(chunks.size() - 1).start()).endsWith("twelve"));
  }

  @Test
  void aWordOverTheLimitIsCutByCharacters() {
    // A tokenizer that counts one token per 4 characters, as subword tokenizers do on junk.
    String junk = "x".repeat(400);
    List<Chunker.Span> chunks = new Chunker(s -> (s.length() + 3) / 4, 16, 0).split(junk);
    assertTrue(chunks.size() >= 400 / 64);
    for (Chunker.Span c : chunks) {
      assertTrue(c.tokens() <= 16, c.toString());
    }
    assertEquals(400, chunks.get(chunks.size() - 1).end());
  }

  @Test
  void blankTextHasNoChunks() {
    assertEquals(List.of(), new Chunker(ChunkerTest::words, 5, 1).split("  \n "));
  }
}
