package dev.switchboard.plugins.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CitationsTest {

  @Test
  void findsSingleAdjacentAndListedCitationsInFirstCitedOrder() {
    assertEquals(List.of(3, 1, 2), Citations.cited("A [3]. B [1][3]. C [2, 1]. D [ 2 ,3 ].", 3));
  }

  @Test
  void numbersOutsideTheSourcesAreNotCitations() {
    assertEquals(List.of(2), Citations.cited("In [2020] see [0], [2] and [7]; [a].", 4));
    assertEquals(List.of(), Citations.cited("no citations", 4));
  }
}
