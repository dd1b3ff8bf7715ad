package dev.switchboard.bench;

import dev.switchboard.bench.retrieval.RetrievalRun;

/**
 * Retrieval quality and speed: recall@10 and nDCG@10 of hybrid, dense-only and full-text-only
 * search on a generated collection ({@link dev.switchboard.bench.retrieval.SyntheticCorpus}),
 * ingest chunks/s, and query latency p50/p99 at 100k chunks — the retriever plugin and the host's
 * document index in-process on an embedded PostgreSQL, with the bundled all-MiniLM-L6-v2.
 *
 * <p>Usage: {@code bench/run.sh retrieval [--chunks N] [--embedded N] [--queries N] [--config
 * key=int]}. The last line is {@code RESULT retrieval ...}.
 */
public final class RetrievalBench {

  private RetrievalBench() {}

  public static void main(String[] args) throws Exception {
    int chunks = 100_000;
    int embedded = 5_000;
    int queries = 150;
    io.vertx.core.json.JsonObject config = new io.vertx.core.json.JsonObject();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--chunks" -> chunks = Integer.parseInt(args[i + 1]);
        case "--embedded" -> embedded = Integer.parseInt(args[i + 1]);
        case "--queries" -> queries = Integer.parseInt(args[i + 1]);
        // Any retriever config key, e.g. --config minTextWords=2
        case "--config" -> {
          String[] kv = args[i + 1].split("=", 2);
          config.put(kv[0], Integer.parseInt(kv[1]));
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    new RetrievalRun(chunks, Math.min(embedded, chunks), queries, config).run();
    // The runtime's and Vert.x's threads are closed, but be sure the JVM ends.
    System.exit(0);
  }
}
