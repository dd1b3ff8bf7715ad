package dev.switchboard.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.api.TaskException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SplitterTest {

  private static List<Splitter.Item> items(int perLabel, String... labels) {
    Random random = new Random(7);
    List<Splitter.Item> items = new ArrayList<>();
    for (String label : labels) {
      for (int i = 0; i < perLabel; i++) {
        items.add(new Splitter.Item(new UUID(random.nextLong(), random.nextLong()), label));
      }
    }
    return items;
  }

  @Test
  void largestRemainderCounts() {
    Splitter s = new Splitter(0.8, 0.1, 0.1, 1);
    assertArrayEquals(new int[] {8, 1, 1}, s.counts(10));
    assertArrayEquals(new int[] {1, 0, 0}, s.counts(1));
    assertArrayEquals(new int[] {12, 2, 1}, s.counts(15));
    assertArrayEquals(new int[] {0, 0, 0}, s.counts(0));
  }

  @Test
  void everyLabelKeepsTheProportions() {
    List<Splitter.Item> items = items(20, "a", "b", "c");
    Map<UUID, String> split = new Splitter(0.8, 0.1, 0.1, 42).assign(items);
    for (String label : List.of("a", "b", "c")) {
      long train =
          items.stream()
              .filter(i -> i.stratum().equals(label) && split.get(i.id()).equals("train"))
              .count();
      long test =
          items.stream()
              .filter(i -> i.stratum().equals(label) && split.get(i.id()).equals("test"))
              .count();
      assertEquals(16, train);
      assertEquals(2, test);
    }
  }

  @Test
  void theSameSeedGivesTheSameSplitInAnyInputOrder() {
    List<Splitter.Item> items = items(30, "a", "b");
    Map<UUID, String> first = new Splitter(0.7, 0.15, 0.15, 42).assign(items);
    List<Splitter.Item> shuffled = new ArrayList<>(items);
    Collections.shuffle(shuffled, new Random(3));
    assertEquals(first, new Splitter(0.7, 0.15, 0.15, 42).assign(shuffled));
    assertNotEquals(first, new Splitter(0.7, 0.15, 0.15, 43).assign(items));
  }

  @Test
  void sharesMustAddUpToOne() {
    assertThrows(TaskException.class, () -> new Splitter(0.5, 0.1, 0.1, 1));
    assertThrows(TaskException.class, () -> new Splitter(1.2, -0.1, -0.1, 1));
  }
}
