package dev.switchboard.plugins.retriever;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.retrieve.IngestRequest;
import dev.switchboard.api.retrieve.IngestResult;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.api.retrieve.RetrievedChunk;
import dev.switchboard.api.retrieve.Retriever;
import io.vertx.core.Future;
import java.util.List;
import org.pf4j.Extension;

/**
 * The retriever: ingest chunks, embeds and stores documents in the host's document index; retrieve
 * fuses its full-text and dense rankings. Stateless, so one instance serves every event loop.
 */
@Extension
public class HybridRetriever implements Retriever {

  /** Creates the extension; PF4J does this. */
  public HybridRetriever() {}

  @Override
  public Future<IngestResult> ingest(IngestRequest request, TaskContext ctx) {
    return new Ingestion(ctx, RetrieverSettings.from(ctx.config())).run(request);
  }

  @Override
  public Future<List<RetrievedChunk>> retrieve(RetrieveRequest request, TaskContext ctx) {
    return new HybridSearch(ctx, RetrieverSettings.from(ctx.config())).run(request);
  }
}
