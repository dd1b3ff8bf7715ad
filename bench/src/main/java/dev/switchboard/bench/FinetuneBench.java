package dev.switchboard.bench;

import ai.djl.Device;
import dev.switchboard.runtime.store.RandomCheckpoint;
import dev.switchboard.runtime.train.EncoderFineTuner;
import dev.switchboard.runtime.train.FineTuneOptions;
import dev.switchboard.runtime.train.FineTunedEncoder;
import dev.switchboard.runtime.train.LabelledTexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Encoder fine-tuning speed on the CPU: a random-weight bert-mini (4 layers, hidden 256) trained
 * end to end with a 3-label head on {@link EmbedBench}'s sentences, truncated to {@code maxLength}
 * tokens; optimizer steps per second after one warm-up epoch.
 *
 * <p>Usage: {@code bench/run.sh finetune [steps] [batchSize] [maxLength]} (defaults 40, 16, 32).
 */
public final class FinetuneBench {
  private FinetuneBench() {}

  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int maxLength = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    Path dir = Files.createTempDirectory("finetune-bench");
    Path base = RandomCheckpoint.create(dir.resolve("bert-mini"), "bert-mini", 1);
    List<String> texts = EmbedBench.sentences(steps * batch);
    int[] y = new int[texts.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % 3;
    }
    LabelledTexts data = new LabelledTexts(List.of("a", "b", "c"), texts, y);
    EncoderFineTuner tuner = new EncoderFineTuner(Device.cpu());
    Map<String, Object> o =
        Map.of(
            "epochs",
            1,
            "batchSize",
            batch,
            "maxLength",
            maxLength,
            "learningRate",
            1e-4,
            "validationFraction",
            0);
    try (FineTunedEncoder warm =
        tuner.train(base, data.subset(range(4 * batch)), FineTuneOptions.fromMap(o))) {
      log("warm-up: %.1f steps/s", warm.summary().stepsPerSecond());
    }
    List<Double> rates = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      try (FineTunedEncoder m = tuner.train(base, data, FineTuneOptions.fromMap(o))) {
        rates.add(m.summary().stepsPerSecond());
      }
    }
    rates.sort(Double::compare);
    double median = rates.get(1);
    log(
        "bert-mini fine-tuning on the CPU: %d steps of %d texts (<= %d tokens) per round, rounds"
            + " %s steps/s; median %.2f steps/s = %.0f texts/s",
        steps, batch, maxLength, rates, median, median * batch);
    System.out.printf(
        Locale.ROOT,
        "RESULT finetune steps_per_s=%.2f texts_per_s=%.0f batch=%d max_length=%d%n",
        median,
        median * batch,
        batch,
        maxLength);
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, format + "%n", args);
  }
}
