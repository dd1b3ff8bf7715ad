package dev.switchboard.plugins.retriever;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.index.IndexedChunk;
import dev.switchboard.api.index.IndexedDocument;
import dev.switchboard.api.model.EmbeddingModelHandle;
import dev.switchboard.api.retrieve.Document;
import dev.switchboard.api.retrieve.IngestRequest;
import dev.switchboard.api.retrieve.IngestResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * One ingest: chunk every document (on a worker, since tokenizing is CPU work), embed all chunks in
 * one call so the runtime can batch them, then store each document with its chunks. The index
 * replaces each document atomically; a failure names the document it concerns.
 */
final class Ingestion {

  private record Planned(Document document, List<Chunker.Span> spans) {}

  private static final int EMBED_SLICE = 256;

  private final TaskContext ctx;
  private final RetrieverSettings settings;

  Ingestion(TaskContext ctx, RetrieverSettings settings) {
    this.ctx = ctx;
    this.settings = settings;
  }

  Future<IngestResult> run(IngestRequest request) {
    EmbeddingModelHandle model = ctx.models().embeddings(settings.embeddingModel());
    int size = settings.chunkTokensFor(model.maxTokens());
    Chunker chunker = new Chunker(model::countTokens, size, settings.overlapTokensFor(size));
    return ctx.vertx()
        .executeBlocking(() -> plan(request.documents(), chunker), false)
        .compose(planned -> embed(model, request.collection(), planned))
        .compose(this::store);
  }

  private static List<Planned> plan(List<Document> documents, Chunker chunker) {
    List<Planned> out = new ArrayList<>(documents.size());
    for (Document d : documents) {
      List<Chunker.Span> spans = chunker.split(d.text());
      if (spans.isEmpty()) {
        throw TaskException.invalid("document " + d.id() + " has no text");
      }
      out.add(new Planned(d, spans));
    }
    return out;
  }

  private static Future<List<IndexedDocument>> embed(
      EmbeddingModelHandle model, String collection, List<Planned> planned) {
    List<String> texts = new ArrayList<>();
    for (Planned p : planned) {
      for (Chunker.Span span : p.spans()) {
        texts.add(p.document().text().substring(span.start(), span.end()));
      }
    }
    return embedInSlices(model, texts, 0, new ArrayList<>(texts.size()))
        .map(
            vectors -> {
              if (vectors.size() != texts.size()) {
                throw new IllegalStateException(
                    "the embedding model returned "
                        + vectors.size()
                        + " vectors for "
                        + texts.size()
                        + " texts");
              }
              List<IndexedDocument> out = new ArrayList<>(planned.size());
              int next = 0;
              for (Planned p : planned) {
                List<IndexedChunk> chunks = new ArrayList<>(p.spans().size());
                for (Chunker.Span span : p.spans()) {
                  chunks.add(
                      new IndexedChunk(
                          texts.get(next), span.start(), span.end(), vectors.get(next), null));
                  next++;
                }
                Document d = p.document();
                out.add(
                    new IndexedDocument(
                        collection, d.id(), d.text(), contentType(d), d.metadata(), chunks));
              }
              return out;
            });
  }

  /**
   * Embeds a slice at a time: one request holding thousands of chunks would otherwise fill the
   * runtime's queue at once and turn other callers away while it runs.
   */
  private static Future<List<float[]>> embedInSlices(
      EmbeddingModelHandle model, List<String> texts, int from, List<float[]> done) {
    if (from >= texts.size()) {
      return Future.succeededFuture(done);
    }
    int to = Math.min(texts.size(), from + EMBED_SLICE);
    return model
        .embedAsync(texts.subList(from, to))
        .compose(
            vectors -> {
              done.addAll(vectors);
              return embedInSlices(model, texts, to, done);
            });
  }

  /** The host's file upload records where a text came from; JSON documents are plain text. */
  private static String contentType(Document d) {
    return d.metadata().getValue("contentType") instanceof String s ? s : "text/plain";
  }

  private Future<IngestResult> store(List<IndexedDocument> documents) {
    List<Future<Void>> stored = new ArrayList<>(documents.size());
    for (IndexedDocument d : documents) {
      stored.add(ctx.documents().replace(d).recover(e -> Future.failedFuture(named(d.id(), e))));
    }
    return Future.all(stored)
        .recover(
            e -> {
              // Future.all fails with the first failure; report that document's own error.
              for (Future<Void> f : stored) {
                if (f.failed()) {
                  return Future.failedFuture(f.cause());
                }
              }
              return Future.failedFuture(e);
            })
        .map(
            all ->
                new IngestResult(
                    documents.size(), documents.stream().mapToInt(d -> d.chunks().size()).sum()));
  }

  private static Throwable named(String documentId, Throwable e) {
    if (e instanceof TaskException t) {
      return t.getMessage() != null && t.getMessage().contains(documentId)
          ? t
          : new TaskException(t.code(), "document " + documentId + ": " + t.getMessage(), t);
    }
    return new IllegalStateException("storing document " + documentId + " failed", e);
  }
}
