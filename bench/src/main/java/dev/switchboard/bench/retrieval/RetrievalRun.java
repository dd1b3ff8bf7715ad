package dev.switchboard.bench.retrieval;

import dev.switchboard.api.index.IndexedChunk;
import dev.switchboard.api.index.IndexedDocument;
import dev.switchboard.api.retrieve.Document;
import dev.switchboard.api.retrieve.IngestRequest;
import dev.switchboard.api.retrieve.IngestResult;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.api.retrieve.RetrievedChunk;
import dev.switchboard.db.Database;
import dev.switchboard.plugins.retriever.HybridRetriever;
import dev.switchboard.retrieval.HostDocumentIndex;
import dev.switchboard.runtime.ModelRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** One run of the retrieval benchmark; see {@link dev.switchboard.bench.RetrievalBench}. */
public final class RetrievalRun {

  private static final String COLLECTION = "bench";
  private static final List<String> MODES = List.of("hybrid", "dense", "text");

  private final int chunks;
  private final int embedded;
  private final int queriesPerKind;
  private final JsonObject config;

  public RetrievalRun(int chunks, int embedded, int queriesPerKind, JsonObject config) {
    this.chunks = chunks;
    this.embedded = embedded;
    this.queriesPerKind = queriesPerKind;
    this.config = config;
  }

  public void run() throws Exception {
    long start = System.nanoTime();
    Path home = Files.createTempDirectory("sb-retrieval-bench");
    Vertx vertx = Vertx.vertx();
    Database db = await(Database.open(vertx, Optional.empty(), home));
    HostDocumentIndex index = await(HostDocumentIndex.start(vertx, db.pool()));
    try (ModelRuntime runtime = new ModelRuntime()) {
      BenchEmbeddings embeddings = new BenchEmbeddings(runtime.bundledEmbedding());
      HybridRetriever retriever = new HybridRetriever();
      SyntheticCorpus corpus = SyntheticCorpus.generate(chunks, 42);
      log(
          "corpus: %d documents generated; %d embedded with %s",
          chunks, embedded, embeddings.name());
      embeddings
          .embedAsync(List.of("warm up the encoder"))
          .toCompletionStage()
          .toCompletableFuture()
          .get();

      // 1. Ingest through the plugin: chunk, embed (MiniLM), store (PostgreSQL + HNSW).
      long t0 = System.nanoTime();
      List<Supplier<Future<IngestResult>>> ingests = new ArrayList<>();
      List<SyntheticCorpus.Doc> docs = corpus.docs();
      for (int from = 0; from < embedded; from += 64) {
        List<Document> batch = new ArrayList<>();
        for (SyntheticCorpus.Doc d : docs.subList(from, Math.min(embedded, from + 64))) {
          batch.add(new Document(d.id(), d.text(), new JsonObject().put("town", d.town())));
        }
        IngestRequest request = new IngestRequest(COLLECTION, batch);
        ingests.add(() -> retriever.ingest(request, context(vertx, embeddings, index, "hybrid")));
      }
      long ingested = 0;
      for (IngestResult r : runAll(ingests, 2)) {
        ingested += r.chunks();
      }
      double ingestSeconds = (System.nanoTime() - t0) / 1e9;
      double ingestRate = ingested / ingestSeconds;
      log(
          "ingest (chunk + embed + store + index): %d chunks in %.1f s = %.0f chunks/s",
          ingested, ingestSeconds, ingestRate);

      // 2. Quality on the embedded part, every query in every mode.
      List<SyntheticCorpus.Query> queries = corpus.queries(queriesPerKind, embedded);
      List<Quality> quality = new ArrayList<>();
      for (String mode : MODES) {
        quality.add(quality(mode, queries, retriever, vertx, embeddings, index));
      }
      for (Quality q : quality) {
        log(
            "%-6s recall@10 %.3f nDCG@10 %.3f | named %.3f/%.3f | described %.3f/%.3f | partial"
                + " %.3f/%.3f",
            q.mode,
            q.recall,
            q.ndcg,
            q.namedRecall,
            q.namedNdcg,
            q.describedRecall,
            q.describedNdcg,
            q.partialRecall,
            q.partialNdcg);
      }

      // 3. Fill up to the target size through the index with vectors near real ones, then time
      // queries at full size.
      double fillRate = fill(db, index, docs, vertx);
      // Steady state before timing: fresh statistics for the planner and no autovacuum pass
      // starting in the middle of the latency runs.
      await(db.pool().query("VACUUM ANALYZE documents, chunks").execute());
      Latency hybrid = latency("hybrid", queries, retriever, vertx, embeddings, index);
      Latency dense = latency("dense", queries, retriever, vertx, embeddings, index);
      Latency text = latency("text", queries, retriever, vertx, embeddings, index);
      for (Latency l : List.of(hybrid, dense, text)) {
        log(
            "%-6s at %d chunks: p50 %.1f ms, p99 %.1f ms (%d queries, one at a time)",
            l.mode, chunks, l.p50, l.p99, l.count);
      }
      Quality h = quality.get(0);
      Quality d = quality.get(1);
      Quality t = quality.get(2);
      log("total %.0f s", (System.nanoTime() - start) / 1e9);
      System.out.printf(
          Locale.ROOT,
          "RESULT retrieval hybrid_recall10=%.3f hybrid_ndcg10=%.3f dense_recall10=%.3f dense_ndcg10=%.3f"
              + " text_recall10=%.3f text_ndcg10=%.3f ingest_chunks_per_s=%.0f store_chunks_per_s=%.0f"
              + " chunks=%d p50_ms=%.1f p99_ms=%.1f dense_p50_ms=%.1f text_p50_ms=%.1f%n",
          h.recall,
          h.ndcg,
          d.recall,
          d.ndcg,
          t.recall,
          t.ndcg,
          ingestRate,
          fillRate,
          chunks,
          hybrid.p50,
          hybrid.p99,
          dense.p50,
          text.p50);
    } finally {
      await(index.close());
      await(db.close(vertx));
      await(vertx.close());
      deleteTree(home);
    }
  }

  private BenchContext context(
      Vertx vertx, BenchEmbeddings embeddings, HostDocumentIndex index, String mode) {
    return new BenchContext(vertx, embeddings, index, config.copy().put("mode", mode));
  }

  record Quality(
      String mode,
      double recall,
      double ndcg,
      double namedRecall,
      double namedNdcg,
      double describedRecall,
      double describedNdcg,
      double partialRecall,
      double partialNdcg) {}

  private Quality quality(
      String mode,
      List<SyntheticCorpus.Query> queries,
      HybridRetriever retriever,
      Vertx vertx,
      BenchEmbeddings embeddings,
      HostDocumentIndex index)
      throws Exception {
    List<Supplier<Future<List<RetrievedChunk>>>> calls = new ArrayList<>();
    for (SyntheticCorpus.Query q : queries) {
      RetrieveRequest request = new RetrieveRequest(COLLECTION, q.text(), 10, null);
      calls.add(() -> retriever.retrieve(request, context(vertx, embeddings, index, mode)));
    }
    List<List<RetrievedChunk>> results = runAll(calls, 4);
    double[] recall = new double[4];
    double[] ndcg = new double[4];
    int[] count = new int[4];
    for (int i = 0; i < queries.size(); i++) {
      SyntheticCorpus.Query q = queries.get(i);
      int rank = 0;
      List<RetrievedChunk> hits = results.get(i);
      for (int r = 0; r < hits.size(); r++) {
        if (hits.get(r).documentId().equals(q.relevant())) {
          rank = r + 1;
          break;
        }
      }
      int kind =
          switch (q.kind()) {
            case "named" -> 1;
            case "described" -> 2;
            default -> 3;
          };
      for (int k : new int[] {0, kind}) {
        count[k]++;
        if (rank > 0) {
          recall[k] += 1;
          // One relevant document: the ideal DCG is 1.
          ndcg[k] += 1 / (Math.log(rank + 1) / Math.log(2));
        }
      }
    }
    return new Quality(
        mode,
        recall[0] / count[0],
        ndcg[0] / count[0],
        recall[1] / count[1],
        ndcg[1] / count[1],
        recall[2] / count[2],
        ndcg[2] / count[2],
        recall[3] / count[3],
        ndcg[3] / count[3]);
  }

  record Latency(String mode, double p50, double p99, int count) {}

  private Latency latency(
      String mode,
      List<SyntheticCorpus.Query> queries,
      HybridRetriever retriever,
      Vertx vertx,
      BenchEmbeddings embeddings,
      HostDocumentIndex index)
      throws Exception {
    int warmup = 20;
    int measured = Math.min(200, queries.size());
    double[] ms = new double[measured];
    for (int i = 0; i < warmup + measured; i++) {
      SyntheticCorpus.Query q = queries.get(i % queries.size());
      RetrieveRequest request = new RetrieveRequest(COLLECTION, q.text(), 10, null);
      long t0 = System.nanoTime();
      await(retriever.retrieve(request, context(vertx, embeddings, index, mode)));
      if (i >= warmup) {
        ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
      }
    }
    Arrays.sort(ms);
    return new Latency(
        mode,
        ms[(int) (0.50 * (measured - 1))],
        ms[(int) Math.ceil(0.99 * (measured - 1))],
        measured);
  }

  /**
   * Stores the documents past the embedded ones straight into the index, one chunk each, with a
   * vector drawn near a real embedding (cosine about 0.65 to it), so the HNSW graph and the
   * full-text index reach the target size in seconds instead of the minutes MiniLM would need.
   *
   * @return chunks/s of the store alone (PostgreSQL transaction + HNSW insert)
   */
  private double fill(
      Database db, HostDocumentIndex index, List<SyntheticCorpus.Doc> docs, Vertx vertx)
      throws Exception {
    if (chunks <= embedded) {
      return 0;
    }
    List<float[]> real = new ArrayList<>();
    for (Row r : await(db.pool().query("SELECT embedding FROM chunks LIMIT 2000").execute())) {
      Float[] boxed = r.getArrayOfFloats(0);
      float[] v = new float[boxed.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = boxed[i];
      }
      real.add(v);
    }
    Random random = new Random(7);
    long t0 = System.nanoTime();
    List<Supplier<Future<Void>>> stores = new ArrayList<>();
    for (SyntheticCorpus.Doc d : docs.subList(embedded, chunks)) {
      float[] base = real.get(random.nextInt(real.size()));
      float[] v = new float[base.length];
      double norm = 0;
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (base[i] + random.nextGaussian() * 0.06);
        norm += v[i] * v[i];
      }
      for (int i = 0; i < v.length; i++) {
        v[i] /= (float) Math.sqrt(norm);
      }
      IndexedDocument doc =
          new IndexedDocument(
              COLLECTION,
              d.id(),
              d.text(),
              "text/plain",
              new JsonObject().put("town", d.town()),
              List.of(new IndexedChunk(d.text(), 0, d.text().length(), v, null)));
      stores.add(() -> index.replace(doc));
    }
    runAll(stores, 16);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double rate = (chunks - embedded) / seconds;
    log(
        "fill (store + index only, no embedding): %d chunks in %.1f s = %.0f chunks/s",
        chunks - embedded, seconds, rate);
    return rate;
  }

  /** Runs the calls with at most {@code parallel} in flight; results in call order. */
  private static <T> List<T> runAll(List<Supplier<Future<T>>> calls, int parallel)
      throws Exception {
    Semaphore slots = new Semaphore(parallel);
    List<CompletableFuture<T>> futures = new ArrayList<>(calls.size());
    for (Supplier<Future<T>> call : calls) {
      slots.acquire();
      CompletableFuture<T> f = call.get().toCompletionStage().toCompletableFuture();
      f.whenComplete((r, e) -> slots.release());
      futures.add(f);
    }
    List<T> out = new ArrayList<>(futures.size());
    for (CompletableFuture<T> f : futures) {
      out.add(f.get(10, TimeUnit.MINUTES));
    }
    return out;
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, format + "%n", args);
  }
}
