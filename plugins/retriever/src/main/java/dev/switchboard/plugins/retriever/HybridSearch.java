package dev.switchboard.plugins.retriever;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.index.ChunkMatch;
import dev.switchboard.api.index.DocumentIndex;
import dev.switchboard.api.index.StoredChunk;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.api.retrieve.RetrievedChunk;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One query: the full-text and the dense ranking run side by side (each with the request's filter),
 * reciprocal rank fusion merges them, and the best chunks are read back with their text, offsets
 * and metadata. In {@code dense} or {@code text} mode only that ranking runs and its own scores are
 * kept.
 */
final class HybridSearch {

  private final TaskContext ctx;
  private final RetrieverSettings settings;

  HybridSearch(TaskContext ctx, RetrieverSettings settings) {
    this.ctx = ctx;
    this.settings = settings;
  }

  Future<List<RetrievedChunk>> run(RetrieveRequest request) {
    DocumentIndex index = ctx.documents();
    int candidates = Math.min(1000, Math.max(request.topK(), settings.candidates()));
    Future<List<ChunkMatch>> text =
        settings.mode().usesText()
            ? index.searchText(
                request.collection(),
                request.query(),
                settings.minTextWords(),
                candidates,
                request.filter())
            : Future.succeededFuture(List.of());
    Future<List<ChunkMatch>> dense =
        settings.mode().usesDense()
            ? ctx.models()
                .embeddings(settings.embeddingModel())
                .embedAsync(List.of(request.query()))
                .compose(
                    vectors ->
                        index.searchDense(
                            request.collection(), vectors.get(0), candidates, request.filter()))
            : Future.succeededFuture(List.of());
    return Future.all(text, dense)
        .recover(e -> Future.failedFuture(text.failed() ? text.cause() : dense.cause()))
        .compose(
            all -> {
              List<ChunkMatch> ranked =
                  switch (settings.mode()) {
                    case HYBRID ->
                        RankFusion.fuse(settings.rrfK(), List.of(text.result(), dense.result()));
                    case DENSE -> dense.result();
                    case TEXT -> text.result();
                  };
              List<ChunkMatch> best = ranked.subList(0, Math.min(request.topK(), ranked.size()));
              return index
                  .chunks(best.stream().map(ChunkMatch::chunkId).toList())
                  .map(chunks -> results(best, chunks));
            });
  }

  private static List<RetrievedChunk> results(List<ChunkMatch> best, List<StoredChunk> chunks) {
    Map<String, StoredChunk> byId = new HashMap<>();
    chunks.forEach(c -> byId.put(c.chunkId(), c));
    List<RetrievedChunk> out = new ArrayList<>(best.size());
    for (ChunkMatch m : best) {
      StoredChunk c = byId.get(m.chunkId());
      // A chunk replaced between search and read is simply left out.
      if (c != null) {
        out.add(
            new RetrievedChunk(
                c.documentId(),
                c.chunkId(),
                c.text(),
                m.score(),
                c.start(),
                c.end(),
                c.metadata()));
      }
    }
    return out;
  }
}
