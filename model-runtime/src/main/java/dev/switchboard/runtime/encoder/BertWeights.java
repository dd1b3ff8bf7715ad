package dev.switchboard.runtime.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import dev.switchboard.runtime.llm.Weights;
import dev.switchboard.runtime.safetensors.Checkpoint;
import dev.switchboard.runtime.safetensors.DType;
import dev.switchboard.runtime.safetensors.SafetensorsWriter;
import dev.switchboard.runtime.store.ModelFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The weights of a BERT encoder, with an optional sequence-classification head (pooler and {@code
 * classifier.*}), and the forward pass over them. Inference ({@link BertEncoder}) and fine-tuning
 * ({@code train.EncoderFineTuner}) share this class, so a fine-tuned model is served by exactly the
 * code it was trained with.
 *
 * <p>Arrays are kept in the layout libtorch reads fastest: linear weights as [in, out] and query,
 * key and value fused into one [hidden, 3·hidden] matrix. {@link #save} writes them back in Hugging
 * Face layout ({@code bert.}-prefixed names when there is a head, as {@code
 * BertForSequenceClassification} does). Weight names are read with or without the prefix.
 */
public final class BertWeights implements AutoCloseable {

  /** How a stored array maps to Hugging Face tensors. */
  public enum Layout {
    /** Same shape and order as the checkpoint tensor. */
    PLAIN,
    /** A PyTorch Linear weight [out, in] stored transposed. */
    LINEAR,
    /** query/key/value weights fused and transposed: [in, 3·out]. */
    QKV_WEIGHT,
    /** query/key/value biases concatenated. */
    QKV_BIAS
  }

  /**
   * One stored array.
   *
   * @param name the Hugging Face name (for fused q/k/v: {@code ...attention.self.qkv.*}), without
   *     the {@code bert.} prefix
   * @param array the array
   * @param layout how it maps to the checkpoint's tensors
   */
  public record Tensor(String name, NDArray array, Layout layout) {
    /** Whether weight decay applies (AdamW convention: not to biases and LayerNorm). */
    public boolean decays() {
      return array.getShape().dimension() > 1;
    }
  }

  private record Layer(
      NDArray wqkv,
      NDArray bqkv,
      NDArray wo,
      NDArray bo,
      NDArray ln1g,
      NDArray ln1b,
      NDArray wi,
      NDArray bi,
      NDArray wo2,
      NDArray bo2,
      NDArray ln2g,
      NDArray ln2b) {}

  private final BertConfig cfg;
  private final NDManager manager;
  private final List<Tensor> tensors = new ArrayList<>();
  private final NDArray wordEmb;
  private final NDArray posEmb;
  private final NDArray typeEmb;
  private final NDArray embLnG;
  private final NDArray embLnB;
  private final Layer[] layers;
  private final NDArray poolerW;
  private final NDArray poolerB;
  private final NDArray clsW;
  private final NDArray clsB;
  private final int classes;

  private BertWeights(
      BertConfig cfg, NDManager m, Checkpoint ck, DataType type, int newHead, long seed) {
    this.cfg = cfg;
    this.manager = m;
    String p = ck.has("bert.embeddings.word_embeddings.weight") ? "bert." : "";
    int h = cfg.hidden();
    Loader l = new Loader(ck, m, type, p);
    wordEmb = l.plain("embeddings.word_embeddings.weight", cfg.vocab(), h);
    posEmb = l.plain("embeddings.position_embeddings.weight", cfg.maxPositions(), h);
    typeEmb = l.plain("embeddings.token_type_embeddings.weight", cfg.typeVocab(), h);
    embLnG = l.plain("embeddings.LayerNorm.weight", h);
    embLnB = l.plain("embeddings.LayerNorm.bias", h);
    layers = new Layer[cfg.layers()];
    int in = cfg.intermediate();
    for (int i = 0; i < cfg.layers(); i++) {
      String q = "encoder.layer." + i + ".";
      layers[i] =
          new Layer(
              l.qkvWeight(q + "attention.self.", h),
              l.qkvBias(q + "attention.self.", h),
              l.linear(q + "attention.output.dense.weight", h, h),
              l.plain(q + "attention.output.dense.bias", h),
              l.plain(q + "attention.output.LayerNorm.weight", h),
              l.plain(q + "attention.output.LayerNorm.bias", h),
              l.linear(q + "intermediate.dense.weight", in, h),
              l.plain(q + "intermediate.dense.bias", in),
              l.linear(q + "output.dense.weight", h, in),
              l.plain(q + "output.dense.bias", h),
              l.plain(q + "output.LayerNorm.weight", h),
              l.plain(q + "output.LayerNorm.bias", h));
    }
    boolean loadHead = newHead == 0 && !cfg.labels().isEmpty() && ck.has("classifier.weight");
    if (loadHead) {
      classes = cfg.labels().size();
      poolerW = l.linear("pooler.dense.weight", h, h);
      poolerB = l.plain("pooler.dense.bias", h);
      clsW = l.linearUnprefixed("classifier.weight", classes, h);
      clsB = l.plainUnprefixed("classifier.bias", classes);
    } else if (newHead > 0) {
      // A new head: N(0, 0.02)-sized weights and zero biases, as BERT initialises them. A
      // pooler the checkpoint lacks (sentence-transformers exports drop it) is new as well.
      classes = newHead;
      Random rnd = new Random(seed);
      boolean pooler = ck.has(p + "pooler.dense.weight");
      poolerW =
          pooler
              ? l.linear("pooler.dense.weight", h, h)
              : l.fresh("pooler.dense.weight", h, h, rnd);
      poolerB =
          pooler
              ? l.plain("pooler.dense.bias", h)
              : l.add("pooler.dense.bias", m.create(new float[h]), Layout.PLAIN);
      clsW = l.fresh("classifier.weight", classes, h, rnd);
      clsB = l.add("classifier.bias", m.create(new float[classes]), Layout.PLAIN);
    } else {
      classes = 0;
      poolerW = null;
      poolerB = null;
      clsW = null;
      clsB = null;
    }
  }

  private final class Loader {
    final Checkpoint ck;
    final NDManager m;
    final DataType type;
    final String prefix;

    Loader(Checkpoint ck, NDManager m, DataType type, String prefix) {
      this.ck = ck;
      this.m = m;
      this.type = type;
      this.prefix = prefix;
    }

    NDArray add(String name, NDArray a, Layout layout) {
      NDArray up = Weights.upload(a, type);
      tensors.add(new Tensor(name, up, layout));
      return up;
    }

    NDArray plain(String name, int n) {
      return plainUnprefixed(prefix + name, n);
    }

    NDArray plainUnprefixed(String full, int n) {
      return add(strip(full), m.create(ck.readFloats(full, n)), Layout.PLAIN);
    }

    NDArray plain(String name, int rows, int cols) {
      return add(
          name,
          m.create(ck.readFloats(prefix + name, rows, cols), new Shape(rows, cols)),
          Layout.PLAIN);
    }

    NDArray linear(String name, int rows, int cols) {
      return linearUnprefixed(prefix + name, rows, cols);
    }

    NDArray linearUnprefixed(String full, int rows, int cols) {
      float[] v = ck.readFloats(full, rows, cols);
      return add(
          strip(full),
          m.create(Weights.transpose(v, rows, cols), new Shape(cols, rows)),
          Layout.LINEAR);
    }

    NDArray fresh(String name, int rows, int cols, Random rnd) {
      float[] v = new float[rows * cols];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (rnd.nextGaussian() * 0.02);
      }
      return add(
          name, m.create(Weights.transpose(v, rows, cols), new Shape(cols, rows)), Layout.LINEAR);
    }

    NDArray qkvWeight(String a, int h) {
      float[] fused =
          Weights.fuseTransposed(
              h,
              ck.readFloats(prefix + a + "query.weight", h, h),
              ck.readFloats(prefix + a + "key.weight", h, h),
              ck.readFloats(prefix + a + "value.weight", h, h));
      return add(a + "qkv.weight", m.create(fused, new Shape(h, 3L * h)), Layout.QKV_WEIGHT);
    }

    NDArray qkvBias(String a, int h) {
      float[] bias = new float[3 * h];
      System.arraycopy(ck.readFloats(prefix + a + "query.bias", h), 0, bias, 0, h);
      System.arraycopy(ck.readFloats(prefix + a + "key.bias", h), 0, bias, h, h);
      System.arraycopy(ck.readFloats(prefix + a + "value.bias", h), 0, bias, 2 * h, h);
      return add(a + "qkv.bias", m.create(bias), Layout.QKV_BIAS);
    }

    String strip(String full) {
      return full.startsWith("bert.") ? full.substring(5) : full;
    }
  }

  /**
   * Loads the weights of a BERT folder (config.json and safetensors) into a sub-manager of {@code
   * parent}, in {@code type}; the classification head is loaded when the config has labels and the
   * checkpoint a {@code classifier.weight}.
   */
  public static BertWeights load(Path folder, NDManager parent, DataType type) {
    return load(folder, parent, type, 0, 0);
  }

  /**
   * Loads the encoder of a BERT folder with a new, randomly initialised classification head of
   * {@code classes} outputs (and a new pooler when the checkpoint has none); {@code classes} 0
   * loads the checkpoint's own head, if any.
   */
  public static BertWeights load(
      Path folder, NDManager parent, DataType type, int classes, long seed) {
    BertConfig cfg = BertConfig.from(ModelFolder.open(folder));
    NDManager m = parent.newSubManager();
    try (Checkpoint ck = Checkpoint.open(folder)) {
      return new BertWeights(cfg, m, ck, type, classes, seed);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** The config these weights were loaded with. */
  public BertConfig config() {
    return cfg;
  }

  /** Whether a classification head is present. */
  public boolean hasHead() {
    return clsW != null;
  }

  /** Outputs of the classification head (0 without one). */
  public int classes() {
    return classes;
  }

  /** Every array, in a fixed order (the order of {@link #save}). */
  public List<Tensor> tensors() {
    return List.copyOf(tensors);
  }

  /** Last hidden state [batch, len, hidden] of an encoded batch, created in scope {@code s}. */
  public NDArray hidden(NDManager s, EncodedBatch b) {
    int n = b.ids().length;
    int len = b.len();
    int h = cfg.hidden();
    int heads = cfg.heads();
    int hd = cfg.headDim();
    float eps = (float) cfg.layerNormEps();
    NDArray ids = s.create(EncodedBatch.flat(b.ids()));
    NDArray types = s.create(EncodedBatch.flat(b.typeIds()));
    NDArray x =
        wordEmb
            .get(s, new NDIndex("{}", ids))
            .add(typeEmb.get(s, new NDIndex("{}", types)))
            .reshape(n, len, h)
            .add(posEmb.get(s, new NDIndex(":{}", len)));
    x = ln(x, embLnG, embLnB, eps);
    float[] maskAdd = new float[n * len];
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < len; t++) {
        maskAdd[i * len + t] = b.mask()[i][t] == 0 ? -1e9f : 0f;
      }
    }
    NDArray mask = s.create(maskAdd, new Shape(n, 1, 1, len)).toType(wordEmb.getDataType(), false);
    double scale = 1.0 / Math.sqrt(hd);
    for (Layer w : layers) {
      NDArray qkv =
          x.matMul(w.wqkv()).add(w.bqkv()).reshape(n, len, 3, heads, hd).transpose(2, 0, 3, 1, 4);
      NDList parts = qkv.split(3, 0);
      NDArray q = parts.get(0).squeeze(0);
      NDArray k = parts.get(1).squeeze(0);
      NDArray v = parts.get(2).squeeze(0);
      NDArray probs = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(mask).softmax(-1);
      NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(n, len, h);
      x = ln(x.add(ctx.matMul(w.wo()).add(w.bo())), w.ln1g(), w.ln1b(), eps);
      NDArray inter = Activation.gelu(x.matMul(w.wi()).add(w.bi()));
      x = ln(x.add(inter.matMul(w.wo2()).add(w.bo2())), w.ln2g(), w.ln2b(), eps);
    }
    return x;
  }

  /** Classification logits [batch, classes]: pooler (tanh over [CLS]) then the classifier. */
  public NDArray logits(NDManager s, EncodedBatch b) {
    if (clsW == null) {
      throw new UnsupportedOperationException("checkpoint has no classification head");
    }
    NDArray cls = hidden(s, b).get(new NDIndex(":, 0, :"));
    NDArray pooled = Activation.tanh(cls.matMul(poolerW).add(poolerB));
    return pooled.matMul(clsW).add(clsB);
  }

  private static NDArray ln(NDArray x, NDArray g, NDArray b, float eps) {
    return LayerNorm.layerNorm(
            x, new Shape(x.getShape().get(x.getShape().dimension() - 1)), g, b, eps)
        .singletonOrThrow();
  }

  /**
   * Writes every array to a safetensors file in Hugging Face layout and names, as float32 ({@code
   * bert.} prefix when there is a head). Arrays are read back from the device one at a time.
   */
  public void save(Path file) {
    String prefix = hasHead() ? "bert." : "";
    List<SafetensorsWriter.Spec> specs = new ArrayList<>();
    Map<String, float[]> pending = new HashMap<>();
    for (Tensor t : tensors) {
      String full = t.name().startsWith("classifier.") ? t.name() : prefix + t.name();
      long[] shape = t.array().getShape().getShape();
      switch (t.layout()) {
        case PLAIN -> specs.add(new SafetensorsWriter.Spec(full, DType.F32, shape));
        case LINEAR ->
            specs.add(new SafetensorsWriter.Spec(full, DType.F32, new long[] {shape[1], shape[0]}));
        case QKV_WEIGHT -> {
          String base = full.substring(0, full.length() - "qkv.weight".length());
          for (String part : List.of("query", "key", "value")) {
            specs.add(
                new SafetensorsWriter.Spec(
                    base + part + ".weight", DType.F32, new long[] {shape[1] / 3, shape[0]}));
          }
        }
        case QKV_BIAS -> {
          String base = full.substring(0, full.length() - "qkv.bias".length());
          for (String part : List.of("query", "key", "value")) {
            specs.add(
                new SafetensorsWriter.Spec(
                    base + part + ".bias", DType.F32, new long[] {shape[0] / 3}));
          }
        }
      }
    }
    // Specs come in tensor order, and each fused tensor yields its three parts back to back, so
    // reading a tensor when its first part is written keeps one tensor's floats on the heap.
    Iterator<Tensor> source = tensors.iterator();
    SafetensorsWriter.write(
        file,
        specs,
        spec -> {
          float[] v = pending.remove(spec.name());
          if (v != null) {
            return v;
          }
          Tensor t = source.next();
          float[] raw = floats(t.array());
          long[] shape = t.array().getShape().getShape();
          return switch (t.layout()) {
            case PLAIN -> raw;
            case LINEAR -> Weights.transpose(raw, (int) shape[0], (int) shape[1]);
            case QKV_WEIGHT -> {
              int in = (int) shape[0];
              int out = (int) shape[1] / 3;
              float[] all = Weights.transpose(raw, in, 3 * out); // [3·out, in]: q rows, k, v
              String base =
                  spec.name().substring(0, spec.name().length() - "query.weight".length());
              pending.put(base + "key.weight", Arrays.copyOfRange(all, out * in, 2 * out * in));
              pending.put(
                  base + "value.weight", Arrays.copyOfRange(all, 2 * out * in, 3 * out * in));
              yield Arrays.copyOfRange(all, 0, out * in);
            }
            case QKV_BIAS -> {
              int out = raw.length / 3;
              String base = spec.name().substring(0, spec.name().length() - "query.bias".length());
              pending.put(base + "key.bias", Arrays.copyOfRange(raw, out, 2 * out));
              pending.put(base + "value.bias", Arrays.copyOfRange(raw, 2 * out, 3 * out));
              yield Arrays.copyOfRange(raw, 0, out);
            }
          };
        },
        Map.of("format", "pt"));
  }

  /** An array's values as float32 on the heap (detached from any autograd graph). */
  public static float[] floats(NDArray a) {
    try (NDArray d = a.stopGradient();
        NDArray f = d.toType(DataType.FLOAT32, true)) {
      return f.toFloatArray();
    }
  }

  /** The manager owning the arrays. */
  public NDManager manager() {
    return manager;
  }

  @Override
  public void close() {
    manager.close();
  }
}
