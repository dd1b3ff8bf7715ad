package dev.switchboard.testkit.sample;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.retrieve.Document;
import dev.switchboard.api.retrieve.IngestRequest;
import dev.switchboard.api.retrieve.IngestResult;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.api.retrieve.RetrievedChunk;
import dev.switchboard.api.retrieve.Retriever;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Broken on purpose: miscounts, never replaces, ignores topK and filters, ranks the newest first
 * whatever the query, and points past the end of its documents.
 */
@org.pf4j.Extension
public class SloppyRetriever implements Retriever {

  private final List<Document> all = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return "sloppy";
  }

  @Override
  public Future<IngestResult> ingest(IngestRequest request, TaskContext ctx) {
    all.addAll(request.documents());
    return Future.succeededFuture(new IngestResult(0, 0));
  }

  @Override
  public Future<List<RetrievedChunk>> retrieve(RetrieveRequest request, TaskContext ctx) {
    List<RetrievedChunk> out = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      Document d = all.get(i);
      out.add(new RetrievedChunk(d.id(), d.id(), d.text(), i, 0, d.text().length() + 5, null));
    }
    return Future.succeededFuture(out);
  }
}
