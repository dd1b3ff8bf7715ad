package dev.switchboard.runtime.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import dev.switchboard.runtime.EncoderOptions;
import dev.switchboard.runtime.llm.Weights;
import dev.switchboard.runtime.safetensors.Checkpoint;
import dev.switchboard.runtime.store.ModelFolder;
import dev.switchboard.runtime.text.TextTokenizer;
import java.nio.file.Path;
import java.util.List;

/**
 * A BERT encoder (MiniLM, bge, e5 and other {@code model_type: bert} checkpoints) on DJL NDArray
 * ops, with optional sequence-classification head ({@code classifier.*}). Weight names are accepted
 * with or without the {@code bert.} prefix. Padded batches use an additive attention mask; each
 * batch runs in its own NDManager scope. Called from one batcher thread at a time.
 */
public final class BertEncoder implements TextEncoder {
  private final BertConfig cfg;
  private final NDManager manager;
  private final TextTokenizer tokenizer;
  private final EncoderOptions options;
  private final int maxTokens;
  private final NDArray wordEmb;
  private final NDArray posEmb;
  private final NDArray typeEmb;
  private final NDArray[] embLn;
  private final Layer[] layers;
  private final NDArray poolerW;
  private final NDArray poolerB;
  private final NDArray clsW;
  private final NDArray clsB;

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

  private BertEncoder(
      BertConfig cfg,
      NDManager m,
      TextTokenizer tok,
      EncoderOptions o,
      Checkpoint ck,
      DataType type) {
    this.cfg = cfg;
    this.manager = m;
    this.tokenizer = tok;
    this.options = o;
    this.maxTokens =
        o.maxTokens() > 0 ? Math.min(o.maxTokens(), cfg.maxPositions()) : cfg.maxPositions();
    String p = ck.has("bert.embeddings.word_embeddings.weight") ? "bert." : "";
    int h = cfg.hidden();
    Loader l = new Loader(ck, m, type);
    wordEmb = l.mat(p + "embeddings.word_embeddings.weight", cfg.vocab(), h, false);
    posEmb = l.mat(p + "embeddings.position_embeddings.weight", cfg.maxPositions(), h, false);
    typeEmb = l.mat(p + "embeddings.token_type_embeddings.weight", cfg.typeVocab(), h, false);
    embLn =
        new NDArray[] {
          l.vec(p + "embeddings.LayerNorm.weight", h), l.vec(p + "embeddings.LayerNorm.bias", h)
        };
    layers = new Layer[cfg.layers()];
    for (int i = 0; i < cfg.layers(); i++) {
      String q = p + "encoder.layer." + i + ".";
      String a = q + "attention.self.";
      float[] fused =
          Weights.fuseTransposed(
              h,
              ck.readFloats(a + "query.weight", h, h),
              ck.readFloats(a + "key.weight", h, h),
              ck.readFloats(a + "value.weight", h, h));
      float[] bias = new float[3 * h];
      System.arraycopy(ck.readFloats(a + "query.bias", h), 0, bias, 0, h);
      System.arraycopy(ck.readFloats(a + "key.bias", h), 0, bias, h, h);
      System.arraycopy(ck.readFloats(a + "value.bias", h), 0, bias, 2 * h, h);
      int in = cfg.intermediate();
      layers[i] =
          new Layer(
              Weights.upload(m.create(fused, new Shape(h, 3L * h)), type),
              Weights.upload(m.create(bias), type),
              l.mat(q + "attention.output.dense.weight", h, h, true),
              l.vec(q + "attention.output.dense.bias", h),
              l.vec(q + "attention.output.LayerNorm.weight", h),
              l.vec(q + "attention.output.LayerNorm.bias", h),
              l.mat(q + "intermediate.dense.weight", in, h, true),
              l.vec(q + "intermediate.dense.bias", in),
              l.mat(q + "output.dense.weight", h, in, true),
              l.vec(q + "output.dense.bias", h),
              l.vec(q + "output.LayerNorm.weight", h),
              l.vec(q + "output.LayerNorm.bias", h));
    }
    boolean head = !cfg.labels().isEmpty() && ck.has("classifier.weight");
    poolerW = head ? l.mat(p + "pooler.dense.weight", h, h, true) : null;
    poolerB = head ? l.vec(p + "pooler.dense.bias", h) : null;
    clsW = head ? l.mat("classifier.weight", cfg.labels().size(), h, true) : null;
    clsB = head ? l.vec("classifier.bias", cfg.labels().size()) : null;
  }

  private record Loader(Checkpoint ck, NDManager m, DataType type) {
    /** A [rows, cols] PyTorch matrix, transposed to [cols, rows] when used as a Linear weight. */
    NDArray mat(String name, int rows, int cols, boolean linear) {
      float[] v = ck.readFloats(name, rows, cols);
      return linear
          ? Weights.upload(m.create(Weights.transpose(v, rows, cols), new Shape(cols, rows)), type)
          : Weights.upload(m.create(v, new Shape(rows, cols)), type);
    }

    NDArray vec(String name, int n) {
      return Weights.upload(m.create(ck.readFloats(name, n)), type);
    }
  }

  /** Loads a BERT folder; the tokenizer comes from its tokenizer.json. */
  public static BertEncoder load(Path folder, NDManager parent, DataType type, EncoderOptions o) {
    BertConfig cfg = BertConfig.from(ModelFolder.open(folder));
    NDManager m = parent.newSubManager();
    TextTokenizer tok = null;
    try (Checkpoint ck = Checkpoint.open(folder)) {
      tok = TextTokenizer.load(folder);
      return new BertEncoder(cfg, m, tok, o, ck, type);
    } catch (RuntimeException e) {
      m.close();
      if (tok != null) {
        tok.close();
      }
      throw e;
    }
  }

  /** Last hidden state [batch, len, hidden] for an encoded batch, in scope {@code s}. */
  private NDArray forward(NDManager s, EncodedBatch b) {
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
    x = ln(x, embLn[0], embLn[1], eps);
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

  private static NDArray ln(NDArray x, NDArray g, NDArray b, float eps) {
    return LayerNorm.layerNorm(
            x, new Shape(x.getShape().get(x.getShape().dimension() - 1)), g, b, eps)
        .singletonOrThrow();
  }

  @Override
  public float[][] embedBatch(List<String> texts) {
    EncodedBatch b = EncodedBatch.of(tokenizer, texts, maxTokens, 0);
    try (NDManager s = manager.newSubManager()) {
      float[] hidden = forward(s, b).toType(DataType.FLOAT32, false).toFloatArray();
      return Pooling.pool(hidden, b.mask(), cfg.hidden(), options.pooling(), options.normalize());
    }
  }

  @Override
  public float[][] classifyBatch(List<String> texts) {
    if (clsW == null) {
      throw new UnsupportedOperationException("checkpoint has no classification head");
    }
    EncodedBatch b = EncodedBatch.of(tokenizer, texts, maxTokens, 0);
    try (NDManager s = manager.newSubManager()) {
      NDArray cls = forward(s, b).get(new NDIndex(":, 0, :"));
      NDArray pooled = Activation.tanh(cls.matMul(poolerW).add(poolerB));
      float[] probs =
          pooled.matMul(clsW).add(clsB).softmax(-1).toType(DataType.FLOAT32, false).toFloatArray();
      int k = cfg.labels().size();
      float[][] out = new float[texts.size()][k];
      for (int i = 0; i < out.length; i++) {
        System.arraycopy(probs, i * k, out[i], 0, k);
      }
      return out;
    }
  }

  @Override
  public List<String> labels() {
    return clsW == null ? List.of() : cfg.labels();
  }

  @Override
  public int dimension() {
    return cfg.hidden();
  }

  @Override
  public int countTokens(String text) {
    return tokenizer.encode(text, true).length;
  }

  @Override
  public int maxTokens() {
    return maxTokens;
  }

  /** The manager owning the weights. */
  public NDManager manager() {
    return manager;
  }

  @Override
  public void close() {
    manager.close();
    tokenizer.close();
  }
}
