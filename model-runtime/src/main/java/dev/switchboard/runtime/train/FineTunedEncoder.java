package dev.switchboard.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.switchboard.runtime.encoder.BertWeights;
import dev.switchboard.runtime.encoder.EncodedBatch;
import dev.switchboard.runtime.safetensors.Checkpoint;
import dev.switchboard.runtime.store.ModelFolder;
import dev.switchboard.runtime.text.TextTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT encoder fine-tuned with a classification head by {@link EncoderFineTuner}, still on its
 * device: it classifies texts (to score a test split before saving) and saves itself as a Hugging
 * Face {@code BertForSequenceClassification} folder that {@code ModelRuntime.loadEmbedding} serves
 * ({@code labels()}, {@code classify(texts)}). Close it to free its memory.
 *
 * <p>Folder layout: {@code config.json} (the base model's, with {@code architectures}, {@code
 * id2label} and {@code label2id} set), {@code model.safetensors} (float32, {@code bert.*} and
 * {@code classifier.*}), the base model's tokenizer files, and {@value #INFO} (labels, metrics,
 * metadata; Hugging Face tools ignore it).
 */
public final class FineTunedEncoder implements AutoCloseable {

  /** Switchboard's description file in a fine-tuned folder. */
  public static final String INFO = "fine-tuned.json";

  /** Value of the {@code format} field of {@value #INFO}. */
  public static final String FORMAT = "switchboard-fine-tuned-bert/1";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
  private static final List<String> TOKENIZER_FILES =
      List.of(
          "tokenizer.json",
          "tokenizer_config.json",
          "special_tokens_map.json",
          "vocab.txt",
          "added_tokens.json");
  private static final int EVAL_BATCH = 64;

  /**
   * How the run went.
   *
   * @param epochs epochs completed, including those of a resumed run
   * @param steps optimizer steps taken, including those of a resumed run
   * @param resumedFromStep steps taken over from a checkpoint, 0 for a fresh run
   * @param trainExamples training texts
   * @param validationExamples validation texts (0: none)
   * @param validationLoss mean cross-entropy of the final weights on them (NaN without)
   * @param validationAccuracy their accuracy (NaN without)
   * @param stepsPerSecond optimizer steps per second in this call (NaN when none ran)
   * @param history one end-of-epoch report per epoch completed in this call
   */
  public record Summary(
      int epochs,
      long steps,
      long resumedFromStep,
      int trainExamples,
      int validationExamples,
      double validationLoss,
      double validationAccuracy,
      double stepsPerSecond,
      List<TrainingProgress> history) {}

  /**
   * What {@value #INFO} says about a saved folder.
   *
   * @param labels class names in output order
   * @param metrics figures recorded at training time
   * @param metadata free-form strings (base model, training job, ...)
   */
  public record Info(
      List<String> labels, Map<String, Object> metrics, Map<String, String> metadata) {}

  private final NDManager root;
  private final BertWeights weights;
  private final TextTokenizer tokenizer;
  private final Path base;
  private final List<String> labels;
  private final int maxLength;
  private final Summary summary;

  FineTunedEncoder(
      NDManager root,
      BertWeights weights,
      TextTokenizer tokenizer,
      Path base,
      List<String> labels,
      int maxLength,
      Summary summary) {
    this.root = root;
    this.weights = weights;
    this.tokenizer = tokenizer;
    this.base = base;
    this.labels = List.copyOf(labels);
    this.maxLength = maxLength;
    this.summary = summary;
  }

  NDManager manager() {
    return root;
  }

  BertWeights weights() {
    return weights;
  }

  /** Class names, in output order. */
  public List<String> labels() {
    return labels;
  }

  /** How the run went. */
  public Summary summary() {
    return summary;
  }

  /** Class probabilities per text (softmax over {@link #labels()}), in batches. */
  public float[][] probabilities(List<String> texts) {
    List<EncodedBatch.Tokens> tokens = EncodedBatch.tokenize(tokenizer, texts, maxLength);
    float[][] out = new float[texts.size()][];
    int k = labels.size();
    for (int from = 0; from < texts.size(); from += EVAL_BATCH) {
      int to = Math.min(texts.size(), from + EVAL_BATCH);
      try (NDManager s = root.newSubManager()) {
        float[] p =
            weights
                .logits(s, EncodedBatch.pad(tokens.subList(from, to), 0))
                .softmax(-1)
                .toType(DataType.FLOAT32, false)
                .toFloatArray();
        for (int i = from; i < to; i++) {
          out[i] = new float[k];
          System.arraycopy(p, (i - from) * k, out[i], 0, k);
        }
      }
    }
    return out;
  }

  /** The most probable class id per text. */
  public int[] predict(List<String> texts) {
    float[][] p = probabilities(texts);
    int[] out = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = TrainedClassifier.argmax(p[i]);
    }
    return out;
  }

  /** Mean cross-entropy and accuracy of {@code weights} on tokenized texts, in batches. */
  static double[] evaluate(
      BertWeights weights, NDManager root, List<EncodedBatch.Tokens> tokens, int[] y) {
    double lossSum = 0;
    int correct = 0;
    for (int from = 0; from < y.length; from += EVAL_BATCH) {
      int to = Math.min(y.length, from + EVAL_BATCH);
      try (NDManager s = root.newSubManager()) {
        NDArray logp =
            weights
                .logits(s, EncodedBatch.pad(tokens.subList(from, to), 0))
                .logSoftmax(-1)
                .toType(DataType.FLOAT32, false);
        float[] lp = logp.toFloatArray();
        int k = (int) logp.getShape().get(1);
        for (int i = from; i < to; i++) {
          int off = (i - from) * k;
          lossSum -= lp[off + y[i]];
          int best = 0;
          for (int c = 1; c < k; c++) {
            if (lp[off + c] > lp[off + best]) {
              best = c;
            }
          }
          if (best == y[i]) {
            correct++;
          }
        }
      }
    }
    return new double[] {lossSum / Math.max(1, y.length), (double) correct / Math.max(1, y.length)};
  }

  /**
   * Saves a Hugging Face folder (created if missing; files replaced) with {@code metrics} and
   * {@code metadata} in {@value #INFO}.
   */
  public void save(Path folder, Map<String, ?> metrics, Map<String, String> metadata) {
    writeModel(folder, weights, base, labels);
    JsonObject info = new JsonObject();
    info.addProperty("format", FORMAT);
    JsonArray ls = new JsonArray();
    labels.forEach(ls::add);
    info.add("labels", ls);
    info.add("metrics", GSON.toJsonTree(new LinkedHashMap<>(metrics)));
    info.add("metadata", GSON.toJsonTree(new LinkedHashMap<>(metadata)));
    write(folder.resolve(INFO), GSON.toJson(info));
  }

  /**
   * Writes config.json, model.safetensors and the base model's tokenizer files: the part of a
   * folder that Hugging Face tools and the runtime read (checkpoints write it too).
   */
  static void writeModel(Path folder, BertWeights weights, Path base, List<String> labels) {
    try {
      Files.createDirectories(folder);
      JsonObject cfg = ModelFolder.open(base).config().deepCopy();
      cfg.remove("switchboard_random"); // trained weights are no longer random
      JsonArray arch = new JsonArray();
      arch.add("BertForSequenceClassification");
      cfg.add("architectures", arch);
      JsonObject id2label = new JsonObject();
      JsonObject label2id = new JsonObject();
      for (int i = 0; i < labels.size(); i++) {
        id2label.addProperty(String.valueOf(i), labels.get(i));
        label2id.addProperty(labels.get(i), i);
      }
      cfg.add("id2label", id2label);
      cfg.add("label2id", label2id);
      cfg.addProperty("problem_type", "single_label_classification");
      cfg.addProperty("torch_dtype", "float32");
      write(folder.resolve("config.json"), GSON.toJson(cfg));
      weights.save(folder.resolve(Checkpoint.SINGLE));
      for (String f : TOKENIZER_FILES) {
        if (Files.isRegularFile(base.resolve(f))) {
          Files.copy(base.resolve(f), folder.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model to " + folder, e);
    }
  }

  /** Whether {@code folder} holds a model saved by {@link #save}. */
  public static boolean isFolder(Path folder) {
    return Files.isRegularFile(folder.resolve(INFO))
        && Files.isRegularFile(folder.resolve("config.json"))
        && Files.isRegularFile(folder.resolve(Checkpoint.SINGLE));
  }

  /** Reads {@value #INFO} of a saved folder. */
  public static Info readInfo(Path folder) {
    Path file = folder.resolve(INFO);
    try {
      JsonObject o =
          JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
      if (!FORMAT.equals(o.has("format") ? o.get("format").getAsString() : null)) {
        throw new IllegalArgumentException(file + ": not a " + FORMAT + " file");
      }
      List<String> labels = new ArrayList<>();
      o.getAsJsonArray("labels").forEach(e -> labels.add(e.getAsString()));
      Map<String, Object> metrics = new LinkedHashMap<>();
      if (o.has("metrics")) {
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("metrics").entrySet()) {
          metrics.put(e.getKey(), GSON.fromJson(e.getValue(), Object.class));
        }
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      if (o.has("metadata")) {
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("metadata").entrySet()) {
          metadata.put(e.getKey(), e.getValue().getAsString());
        }
      }
      return new Info(List.copyOf(labels), metrics, metadata);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": malformed: " + e.getMessage(), e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public void close() {
    root.close();
    tokenizer.close();
  }
}
