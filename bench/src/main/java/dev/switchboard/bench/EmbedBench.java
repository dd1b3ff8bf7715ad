package dev.switchboard.bench;

import dev.switchboard.runtime.ModelRuntime;
import dev.switchboard.runtime.encoder.BatchedEmbeddingModel;
import dev.switchboard.runtime.encoder.TextEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Embedding benchmark on the bundled all-MiniLM-L6-v2 (quantized ONNX): sentences/s through the
 * dynamic batcher (every sentence submitted as its own call, as concurrent clients would) against a
 * plain loop of single-sentence forward passes over the same encoder, in the same run.
 *
 * <p>Usage: {@code bench/run.sh embed [sentences]}.
 */
public final class EmbedBench {
  private EmbedBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    List<String> sentences = sentences(n);
    try (ModelRuntime rt = new ModelRuntime()) {
      BatchedEmbeddingModel model = (BatchedEmbeddingModel) rt.bundledEmbedding();
      TextEncoder encoder = model.encoder();
      // warm-up both paths
      loop(encoder, sentences.subList(0, 200));
      batched(model, sentences.subList(0, 200));
      // The two paths alternate in slices of 250 sentences, so a neighbour's load on this shared
      // machine hits both alike; times are summed per path.
      double loopNanos = 0;
      double batchNanos = 0;
      int slice = 250;
      for (int round = 0; round < 2; round++) {
        for (int from = 0; from < sentences.size(); from += slice) {
          List<String> part = sentences.subList(from, Math.min(sentences.size(), from + slice));
          loopNanos += part.size() / loop(encoder, part) * 1e9;
          batchNanos += part.size() / batched(model, part) * 1e9;
        }
      }
      double single = 2.0 * sentences.size() / (loopNanos / 1e9);
      double viaBatcher = 2.0 * sentences.size() / (batchNanos / 1e9);
      log(
          "single-call loop %.0f sentences/s, dynamic batcher %.0f sentences/s (mean batch %.1f,"
              + " %d sentences x 2 rounds, alternating slices of %d)",
          single, viaBatcher, model.meanBatchSize(), sentences.size(), slice);
      System.out.printf(Locale.ROOT, "RESULT embed speedup=%.2f%n", viaBatcher / single);
    }
  }

  private static double loop(TextEncoder encoder, List<String> texts) {
    long t0 = System.nanoTime();
    for (String s : texts) {
      encoder.embedBatch(List.of(s));
    }
    return texts.size() / ((System.nanoTime() - t0) / 1e9);
  }

  private static double batched(BatchedEmbeddingModel model, List<String> texts) {
    long t0 = System.nanoTime();
    List<CompletableFuture<List<float[]>>> fs = new ArrayList<>(texts.size());
    for (String s : texts) {
      fs.add(model.embed(List.of(s)));
    }
    fs.forEach(CompletableFuture::join);
    return texts.size() / ((System.nanoTime() - t0) / 1e9);
  }

  /** Varied sentences of 8-20 words, deterministic. */
  static List<String> sentences(int n) {
    String[] subj = {
      "The platform", "A plugin", "The operator", "Our model", "The user", "Each request"
    };
    String[] verb = {"routes", "summarizes", "classifies", "retrieves", "streams", "evaluates"};
    String[] obj = {
      "chat messages to local models", "documents about quarterly revenue",
          "support tickets by urgency",
      "answers from the knowledge base", "tokens to the browser",
          "responses against a labelled test set"
    };
    String[] tail = {
      "",
      " every morning",
      " with low latency",
      " on two CPU cores",
      " without a GPU",
      " for the admin team"
    };
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(
          subj[i % 6]
              + " "
              + verb[(i / 6) % 6]
              + " "
              + obj[(i / 36) % 6]
              + tail[(i / 7) % 6]
              + " ("
              + i
              + ").");
    }
    return out;
  }

  private static void log(String fmt, Object... args) {
    System.out.println(String.format(Locale.ROOT, fmt, args));
  }
}
