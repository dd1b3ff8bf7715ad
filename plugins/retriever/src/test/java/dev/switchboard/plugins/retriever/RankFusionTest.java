package dev.switchboard.plugins.retriever;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.api.index.ChunkMatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankFusionTest {

  private static ChunkMatch m(String id) {
    return new ChunkMatch(id, "d-" + id, 0.5);
  }

  @Test
  void sumsReciprocalRanks() {
    List<ChunkMatch> fused =
        RankFusion.fuse(60, List.of(List.of(m("a"), m("b"), m("c")), List.of(m("c"), m("a"))));
    assertEquals(List.of("a", "c", "b"), fused.stream().map(ChunkMatch::chunkId).toList());
    assertEquals(1.0 / 61 + 1.0 / 62, fused.get(0).score(), 1e-12);
    assertEquals(1.0 / 63 + 1.0 / 61, fused.get(1).score(), 1e-12);
    assertEquals(1.0 / 62, fused.get(2).score(), 1e-12);
    assertEquals("d-a", fused.get(0).documentId());
  }

  @Test
  void anEmptyRankingChangesNothing() {
    List<ChunkMatch> fused = RankFusion.fuse(60, List.of(List.of(), List.of(m("x"), m("y"))));
    assertEquals(List.of("x", "y"), fused.stream().map(ChunkMatch::chunkId).toList());
  }
}
