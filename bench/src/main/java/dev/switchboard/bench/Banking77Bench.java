package dev.switchboard.bench;

import com.google.gson.JsonParser;
import dev.switchboard.runtime.LocalEmbeddingModel;
import dev.switchboard.runtime.ModelRuntime;
import dev.switchboard.runtime.train.ClassificationMetrics;
import dev.switchboard.runtime.train.ClassifierTrainer;
import dev.switchboard.runtime.train.TrainOptions;
import dev.switchboard.runtime.train.TrainingData;
import dev.switchboard.runtime.train.TrainingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Banking77 intent classification on the bundled all-MiniLM-L6-v2: a stratified held-out split of
 * the shared training file (10 %, seed 42; the official test set is not available here), a head
 * trained on the rest with {@link ClassifierTrainer}, accuracy and macro-F1 on the held-out part,
 * and zero-shot accuracy from label names turned into descriptions.
 *
 * <p>Usage: {@code bench/run.sh banking77 [path/to/banking77] [architecture]}.
 */
public final class Banking77Bench {
  private Banking77Bench() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "../shared/datasets/banking77");
    String arch = args.length > 1 ? args[1] : TrainOptions.SOFTMAX;
    long t0 = System.nanoTime();
    List<String> labels = new ArrayList<>();
    JsonParser.parseString(Files.readString(dir.resolve("categories.json")))
        .getAsJsonArray()
        .forEach(e -> labels.add(e.getAsString()));
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      ids.put(labels.get(i), i);
    }
    List<List<String>> rows =
        Csv.parse(Files.readString(dir.resolve("train.csv"), StandardCharsets.UTF_8));
    List<String> texts = new ArrayList<>();
    int[] y = new int[rows.size() - 1];
    for (List<String> r : rows.subList(1, rows.size())) {
      Integer id = ids.get(r.get(1));
      if (id == null) {
        throw new IllegalStateException("unknown category " + r.get(1));
      }
      y[texts.size()] = id;
      texts.add(r.get(0));
    }
    log("%d examples, %d classes", texts.size(), labels.size());
    try (ModelRuntime rt = new ModelRuntime()) {
      LocalEmbeddingModel model = rt.bundledEmbedding();
      long e0 = System.nanoTime();
      float[][] x = embed(model, texts);
      double embedSeconds = (System.nanoTime() - e0) / 1e9;
      log("embedded in %.1f s (%.0f texts/s)", embedSeconds, texts.size() / embedSeconds);
      TrainingData all = new TrainingData(labels, x, y);
      int[][] split = TrainingData.stratifiedIndices(y, labels.size(), 0.1, 42);
      TrainingData train = all.subset(split[0]);
      TrainingData heldOut = all.subset(split[1]);

      TrainOptions o = TrainOptions.defaults().withArchitecture(arch);
      long tt = System.nanoTime();
      TrainingResult r =
          new ClassifierTrainer()
              .train(
                  train,
                  null,
                  o,
                  null,
                  p -> {
                    if (p.endOfEpoch()) {
                      log(
                          "epoch %d loss %.4f val_loss %.4f val_acc %.4f",
                          p.epoch(), p.loss(), p.validationLoss(), p.validationAccuracy());
                    }
                  },
                  () -> false);
      double trainSeconds = (System.nanoTime() - tt) / 1e9;
      ClassificationMetrics m = ClassificationMetrics.of(r.classifier(), heldOut);
      log(
          "%s head: %d epochs (best %d), %.1f s; held-out accuracy %.4f macro-F1 %.4f",
          arch, r.epochs(), r.bestEpoch(), trainSeconds, m.accuracy(), m.macroF1());

      List<String> descriptions = new ArrayList<>();
      for (String l : labels) {
        descriptions.add(describe(l));
      }
      float[][] d = embed(model, descriptions);
      int[] pred = new int[heldOut.size()];
      for (int i = 0; i < pred.length; i++) {
        pred[i] = nearest(heldOut.x()[i], d);
      }
      ClassificationMetrics zs = ClassificationMetrics.of(heldOut.y(), pred, labels.size());
      log("zero-shot accuracy %.4f macro-F1 %.4f", zs.accuracy(), zs.macroF1());
      System.out.printf(
          Locale.ROOT,
          "RESULT banking77 accuracy=%.4f macro_f1=%.4f zero_shot_accuracy=%.4f zero_shot_macro_f1=%.4f"
              + " head=%s epochs=%d train_examples=%d heldout_examples=%d embed_s=%.1f train_s=%.1f"
              + " total_s=%.1f%n",
          m.accuracy(),
          m.macroF1(),
          zs.accuracy(),
          zs.macroF1(),
          arch,
          r.epochs(),
          train.size(),
          heldOut.size(),
          embedSeconds,
          trainSeconds,
          (System.nanoTime() - t0) / 1e9);
    }
  }

  /** {@code card_payment_fee_charged} → {@code card payment fee charged}. */
  static String describe(String label) {
    return label.replace('_', ' ');
  }

  static int nearest(float[] v, float[][] candidates) {
    int best = 0;
    double bestSim = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < candidates.length; c++) {
      double s = 0;
      for (int k = 0; k < v.length; k++) {
        s += v[k] * candidates[c][k];
      }
      if (s > bestSim) {
        bestSim = s;
        best = c;
      }
    }
    return best;
  }

  static float[][] embed(LocalEmbeddingModel model, List<String> texts) {
    float[][] out = new float[texts.size()][];
    int slice = 256; // below the batcher's queue bound
    for (int from = 0; from < texts.size(); from += slice) {
      List<float[]> part =
          model.embed(texts.subList(from, Math.min(texts.size(), from + slice))).join();
      for (int i = 0; i < part.size(); i++) {
        out[from + i] = part.get(i);
      }
    }
    return out;
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, format + "%n", args);
  }

  /** Minimal RFC 4180 reader: quoted fields with commas, doubled quotes and line breaks. */
  static final class Csv {
    private Csv() {}

    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder f = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            f.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            f.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          row.add(f.toString());
          f.setLength(0);
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            i++;
          }
          row.add(f.toString());
          f.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
        } else {
          f.append(c);
        }
      }
      if (f.length() > 0 || !row.isEmpty()) {
        row.add(f.toString());
        rows.add(row);
      }
      return rows;
    }
  }
}
