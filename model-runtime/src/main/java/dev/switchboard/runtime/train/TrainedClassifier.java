package dev.switchboard.runtime.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.switchboard.runtime.safetensors.DType;
import dev.switchboard.runtime.safetensors.SafetensorsFile;
import dev.switchboard.runtime.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained classifier head: softmax regression or a one-hidden-layer MLP over embeddings.
 * Immutable and thread-safe; inference is plain Java (a head is a few hundred thousand
 * multiply-adds per text, less than the cost of handing arrays to a native engine).
 *
 * <p>Folder layout: {@value #WEIGHTS} ({@code hidden.weight [H,D]}, {@code hidden.bias [H]} for the
 * MLP; {@code output.weight [C,In]}, {@code output.bias [C]}) and {@value #CONFIG} (format,
 * architecture, dimensions, labels, metrics, free-form metadata such as the embedding model).
 */
public final class TrainedClassifier {
  /** Weights file in a classifier folder. */
  public static final String WEIGHTS = "model.safetensors";

  /** Description file in a classifier folder. */
  public static final String CONFIG = "classifier.json";

  /** Value of the {@code format} field this class writes and reads. */
  public static final String FORMAT = "switchboard-classifier-head/1";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private final String architecture;
  private final List<String> labels;
  private final int inputDim;
  private final int hidden;
  private final float[] w1;
  private final float[] b1;
  private final float[] w2;
  private final float[] b2;
  private final Map<String, Object> metrics;
  private final Map<String, String> metadata;

  TrainedClassifier(
      String architecture,
      List<String> labels,
      int inputDim,
      int hidden,
      float[] w1,
      float[] b1,
      float[] w2,
      float[] b2,
      Map<String, Object> metrics,
      Map<String, String> metadata) {
    this.architecture = architecture;
    this.labels = List.copyOf(labels);
    this.inputDim = inputDim;
    this.hidden = hidden;
    this.w1 = w1;
    this.b1 = b1;
    this.w2 = w2;
    this.b2 = b2;
    this.metrics = Map.copyOf(metrics);
    this.metadata = Map.copyOf(metadata);
  }

  /** Whether {@code folder} holds a classifier head written by {@link #save}. */
  public static boolean isClassifierFolder(Path folder) {
    return Files.isRegularFile(folder.resolve(CONFIG))
        && Files.isRegularFile(folder.resolve(WEIGHTS));
  }

  /**
   * Reads a folder written by {@link #save}.
   *
   * @throws IllegalArgumentException when the folder is not a classifier head or is inconsistent
   */
  public static TrainedClassifier load(Path folder) {
    JsonObject cfg;
    try {
      cfg =
          JsonParser.parseString(Files.readString(folder.resolve(CONFIG), StandardCharsets.UTF_8))
              .getAsJsonObject();
    } catch (IOException e) {
      throw new IllegalArgumentException("no classifier head in " + folder + ": " + e, e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(folder.resolve(CONFIG) + " is not valid JSON: " + e, e);
    }
    if (!cfg.has("format") || !FORMAT.equals(cfg.get("format").getAsString())) {
      throw new IllegalArgumentException(
          folder + ": unsupported classifier format " + cfg.get("format"));
    }
    String arch = cfg.get("architecture").getAsString();
    int dim = cfg.get("inputDim").getAsInt();
    int hidden = TrainOptions.MLP.equals(arch) ? cfg.get("hiddenUnits").getAsInt() : 0;
    List<String> labels = new ArrayList<>();
    for (JsonElement l : cfg.getAsJsonArray("labels")) {
      labels.add(l.getAsString());
    }
    int c = labels.size();
    int in = hidden > 0 ? hidden : dim;
    try (SafetensorsFile f = SafetensorsFile.open(folder.resolve(WEIGHTS))) {
      float[] w1 = hidden > 0 ? f.readFloats("hidden.weight", hidden, dim) : null;
      float[] b1 = hidden > 0 ? f.readFloats("hidden.bias", hidden) : null;
      float[] w2 = f.readFloats("output.weight", c, in);
      float[] b2 = f.readFloats("output.bias", c);
      return new TrainedClassifier(
          arch,
          labels,
          dim,
          hidden,
          w1,
          b1,
          w2,
          b2,
          toMap(cfg.getAsJsonObject("metrics")),
          toStringMap(cfg.getAsJsonObject("metadata")));
    }
  }

  /** Writes the folder (created if missing; files replaced). */
  public void save(Path folder) {
    try {
      Files.createDirectories(folder);
      List<SafetensorsWriter.Spec> specs = new ArrayList<>();
      Map<String, float[]> data = new LinkedHashMap<>();
      if (hidden > 0) {
        specs.add(
            new SafetensorsWriter.Spec("hidden.weight", DType.F32, new long[] {hidden, inputDim}));
        specs.add(new SafetensorsWriter.Spec("hidden.bias", DType.F32, new long[] {hidden}));
        data.put("hidden.weight", w1);
        data.put("hidden.bias", b1);
      }
      int in = hidden > 0 ? hidden : inputDim;
      specs.add(
          new SafetensorsWriter.Spec("output.weight", DType.F32, new long[] {labels.size(), in}));
      specs.add(new SafetensorsWriter.Spec("output.bias", DType.F32, new long[] {labels.size()}));
      data.put("output.weight", w2);
      data.put("output.bias", b2);
      SafetensorsWriter.write(
          folder.resolve(WEIGHTS), specs, s -> data.get(s.name()), Map.of("format", "pt"));
      JsonObject cfg = new JsonObject();
      cfg.addProperty("format", FORMAT);
      cfg.addProperty("architecture", architecture);
      cfg.addProperty("inputDim", inputDim);
      if (hidden > 0) {
        cfg.addProperty("hiddenUnits", hidden);
      }
      JsonArray ls = new JsonArray();
      labels.forEach(ls::add);
      cfg.add("labels", ls);
      cfg.add("metrics", GSON.toJsonTree(metrics));
      cfg.add("metadata", GSON.toJsonTree(metadata));
      Files.writeString(folder.resolve(CONFIG), GSON.toJson(cfg), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write classifier to " + folder, e);
    }
  }

  /** Class names, in score order. */
  public List<String> labels() {
    return labels;
  }

  /** Embedding size the head expects. */
  public int inputDim() {
    return inputDim;
  }

  /** {@code softmax} or {@code mlp}. */
  public String architecture() {
    return architecture;
  }

  /** Figures recorded at training time (validation loss/accuracy, epochs, ...). */
  public Map<String, Object> metrics() {
    return metrics;
  }

  /** Free-form strings stored with the head, such as {@code embeddingModel}. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** A copy with more metrics (added or replaced). */
  public TrainedClassifier withMetrics(Map<String, ?> more) {
    Map<String, Object> m = new LinkedHashMap<>(metrics);
    m.putAll(more);
    return new TrainedClassifier(
        architecture, labels, inputDim, hidden, w1, b1, w2, b2, m, metadata);
  }

  /** A copy with more metadata (added or replaced). */
  public TrainedClassifier withMetadata(Map<String, String> more) {
    Map<String, String> m = new LinkedHashMap<>(metadata);
    m.putAll(more);
    return new TrainedClassifier(
        architecture, labels, inputDim, hidden, w1, b1, w2, b2, metrics, m);
  }

  float[] w1() {
    return w1;
  }

  float[] b1() {
    return b1;
  }

  float[] w2() {
    return w2;
  }

  float[] b2() {
    return b2;
  }

  /** Raw scores before the softmax. */
  public float[] logits(float[] x) {
    if (x.length != inputDim) {
      throw new IllegalArgumentException(
          "embedding has " + x.length + " dimensions, the head expects " + inputDim);
    }
    float[] in = x;
    if (hidden > 0) {
      in = affine(w1, b1, x, hidden);
      for (int i = 0; i < in.length; i++) {
        in[i] = Math.max(0f, in[i]);
      }
    }
    return affine(w2, b2, in, labels.size());
  }

  /** Class probabilities (softmax over {@link #labels()}). */
  public float[] probabilities(float[] x) {
    return softmax(logits(x));
  }

  /** Class probabilities for each embedding, in order. */
  public List<float[]> classify(List<float[]> embeddings) {
    List<float[]> out = new ArrayList<>(embeddings.size());
    for (float[] e : embeddings) {
      out.add(probabilities(e));
    }
    return out;
  }

  /** The most probable class id. */
  public int predict(float[] x) {
    return argmax(logits(x));
  }

  static float[] affine(float[] w, float[] b, float[] x, int rows) {
    int cols = x.length;
    float[] out = new float[rows];
    for (int r = 0; r < rows; r++) {
      float s = b[r];
      int off = r * cols;
      for (int k = 0; k < cols; k++) {
        s += w[off + k] * x[k];
      }
      out[r] = s;
    }
    return out;
  }

  static float[] softmax(float[] z) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    float[] p = new float[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = (float) Math.exp(z[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= (float) sum;
    }
    return p;
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  private static Map<String, Object> toMap(JsonObject o) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (o != null) {
      for (Map.Entry<String, JsonElement> e : o.entrySet()) {
        m.put(e.getKey(), GSON.fromJson(e.getValue(), Object.class));
      }
    }
    return m;
  }

  private static Map<String, String> toStringMap(JsonObject o) {
    Map<String, String> m = new LinkedHashMap<>();
    if (o != null) {
      for (Map.Entry<String, JsonElement> e : o.entrySet()) {
        m.put(e.getKey(), e.getValue().getAsString());
      }
    }
    return m;
  }
}
