package dev.switchboard.testkit.sample;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.retrieve.Document;
import dev.switchboard.api.retrieve.IngestRequest;
import dev.switchboard.api.retrieve.IngestResult;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.api.retrieve.RetrievedChunk;
import dev.switchboard.api.retrieve.Retriever;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps whole documents in memory and ranks them by the embedding model's cosine similarity. */
@org.pf4j.Extension
public class MemoryRetriever implements Retriever {

  private record Stored(Document document, float[] vector) {}

  private final Map<String, Map<String, Stored>> collections = new ConcurrentHashMap<>();

  @Override
  public Future<IngestResult> ingest(IngestRequest request, TaskContext ctx) {
    List<String> texts = request.documents().stream().map(Document::text).toList();
    return ctx.models()
        .embeddings(null)
        .embedAsync(texts)
        .map(
            vectors -> {
              Map<String, Stored> collection =
                  collections.computeIfAbsent(request.collection(), c -> new ConcurrentHashMap<>());
              for (int i = 0; i < vectors.size(); i++) {
                Document document = request.documents().get(i);
                collection.put(document.id(), new Stored(document, vectors.get(i)));
              }
              return new IngestResult(vectors.size(), vectors.size());
            });
  }

  @Override
  public Future<List<RetrievedChunk>> retrieve(RetrieveRequest request, TaskContext ctx) {
    Map<String, Stored> collection = collections.getOrDefault(request.collection(), Map.of());
    return ctx.models()
        .embeddings(null)
        .embedAsync(List.of(request.query()))
        .map(
            vectors -> {
              float[] query = vectors.get(0);
              List<RetrievedChunk> out = new ArrayList<>();
              for (Stored stored : collection.values()) {
                Document d = stored.document();
                if (!matches(d.metadata(), request.filter())) {
                  continue;
                }
                out.add(
                    new RetrievedChunk(
                        d.id(),
                        d.id() + "#0",
                        d.text(),
                        dot(query, stored.vector()),
                        0,
                        d.text().length(),
                        d.metadata()));
              }
              out.sort(Comparator.comparingDouble(RetrievedChunk::score).reversed());
              return out.subList(0, Math.min(request.topK(), out.size()));
            });
  }

  private static boolean matches(JsonObject metadata, JsonObject filter) {
    for (String key : filter.fieldNames()) {
      if (!Objects.equals(filter.getValue(key), metadata.getValue(key))) {
        return false;
      }
    }
    return true;
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
