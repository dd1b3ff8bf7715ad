package dev.switchboard.plugins.retriever;

import dev.switchboard.api.index.ChunkMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion: each ranking gives a chunk {@code 1 / (k + rank)}, ranks from 1, and the
 * fused score is the sum. It needs no score calibration between rankings, which is why it suits
 * ts_rank and cosine similarity, whose scales have nothing in common.
 */
final class RankFusion {

  private RankFusion() {}

  static List<ChunkMatch> fuse(int k, List<List<ChunkMatch>> rankings) {
    Map<String, ChunkMatch> fused = new LinkedHashMap<>();
    for (List<ChunkMatch> ranking : rankings) {
      for (int i = 0; i < ranking.size(); i++) {
        ChunkMatch m = ranking.get(i);
        double add = 1.0 / (k + i + 1);
        fused.merge(
            m.chunkId(),
            new ChunkMatch(m.chunkId(), m.documentId(), add),
            (a, b) -> new ChunkMatch(a.chunkId(), a.documentId(), a.score() + b.score()));
      }
    }
    List<ChunkMatch> out = new ArrayList<>(fused.values());
    // Ties (same ranks in swapped lists) keep the first-seen order: stable sort.
    out.sort(Comparator.comparingDouble(ChunkMatch::score).reversed());
    return out;
  }
}
