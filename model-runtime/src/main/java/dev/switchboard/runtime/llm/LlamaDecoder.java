package dev.switchboard.runtime.llm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import dev.switchboard.runtime.safetensors.Checkpoint;
import dev.switchboard.runtime.store.ModelFolder;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A Llama-family decoder (llama, qwen2, mistral) on DJL NDArray ops: RMSNorm, RoPE, grouped-query
 * attention with a {@link KvCache}, SwiGLU, optional tied embeddings and q/k/v biases.
 *
 * <p>Weights are arranged once at load in the contiguous layout libtorch streams fastest for each
 * shape (a transposed view runs ~3x slower): q/k/v fused, o_proj, gate and up as [in, out]
 * matrices, down_proj kept as [out, in] for {@code linear} (at batch 1 MKL streams its 4,864-long
 * rows ~25% faster that way). Gate and up stay separate products, and lm_head is two halves of the
 * vocabulary, because at batch > 1 MKL runs a product with a very wide output several times slower
 * per byte than narrower ones. Norm weights and the attention scale are folded into the products,
 * and RoPE is one product with a per-position matrix, because at batch 1 every DJL op costs ~8 µs
 * next to ~4 ms of weight streaming per layer. Every call runs in its own NDManager sub-scope, so
 * native memory does not grow with traffic. On a two-core CPU a decode step runs on two threads of
 * the decoder's own, the large products split between them ({@link #mlpSplit}); the caller waits.
 * Not thread-safe: one scheduler thread drives one decoder.
 */
public final class LlamaDecoder implements AutoCloseable {
  private final DecoderConfig cfg;
  private final NDManager manager;
  private final DataType type;
  private final NDArray embed;
  private final NDArray[] lmHead;
  private final Layer[] layers;
  private final float[] cos;
  private final float[] sin;
  private final int ropeLen;
  private final long weightBytes;

  /**
   * Norm weights are folded into wqkv, wGate and wUp, so a layer holds only its products. wDown is
   * [out, in], the others [in, out].
   */
  private record Layer(
      NDArray wqkv,
      NDArray bqkv,
      NDArray wo,
      NDArray wGate,
      NDArray wUp,
      NDArray wDown,
      NDArray wDownTop,
      NDArray wDownBottom) {}

  /**
   * On a two-core CPU, the two threads a decode step runs on (see {@link #mlpSplit}); else null.
   */
  private final SpinningWorker<float[][]> lead;

  private final SpinningWorker<NDArray> pair;

  private LlamaDecoder(
      DecoderConfig cfg,
      NDManager manager,
      DataType type,
      NDArray embed,
      NDArray[] lmHead,
      Layer[] layers,
      int ropeLen,
      long weightBytes) {
    this.cfg = cfg;
    this.manager = manager;
    this.type = type;
    this.embed = embed;
    this.lmHead = lmHead;
    this.layers = layers;
    this.ropeLen = ropeLen;
    this.weightBytes = weightBytes;
    this.cos = Rope.table(cfg, ropeLen, false);
    this.sin = Rope.table(cfg, ropeLen, true);
    // Measured on two cores only; with more, libtorch's own threading keeps them all busy.
    boolean split = !manager.getDevice().isGpu() && Runtime.getRuntime().availableProcessors() == 2;
    this.lead = split ? new SpinningWorker<>("decoder-lead") : null;
    this.pair = split ? new SpinningWorker<>("decoder-pair") : null;
  }

  /**
   * Loads a decoder from a model folder.
   *
   * @param folder Hugging Face layout folder
   * @param parent manager that will own the weights (a sub-manager is created)
   * @param type FLOAT32 on CPU; FLOAT16 on GPU
   * @param maxPositions cap on the RoPE table (and so on sequence length)
   */
  public static LlamaDecoder load(Path folder, NDManager parent, DataType type, int maxPositions) {
    ModelFolder mf = ModelFolder.open(folder);
    DecoderConfig c = DecoderConfig.from(mf);
    NDManager m = parent.newSubManager();
    try (Checkpoint ck = Checkpoint.open(folder)) {
      int h = c.hidden();
      int hd = c.headDim();
      int qOut = c.heads() * hd;
      int kvOut = c.kvHeads() * hd;
      long bytes = 0;
      float[] emb = ck.readFloats("model.embed_tokens.weight", c.vocab(), h);
      NDArray embed = Weights.upload(m.create(emb, new Shape(c.vocab(), h)), type);
      float[] head =
          c.tiedEmbeddings() && !ck.has("lm_head.weight")
              ? emb
              : ck.readFloats("lm_head.weight", c.vocab(), h);
      // RMSNorm weights are folded into the rows of the product that follows: (x̂ * w) W = x̂
      // (diag(w) W)
      float[] finalNorm = ck.readFloats("model.norm.weight", h);
      // two halves of the vocabulary, [h, V/2] each (see the class comment)
      int mid = c.vocab() / 2;
      NDArray[] lmHead = new NDArray[2];
      for (int half = 0; half < 2; half++) {
        int r0 = half == 0 ? 0 : mid;
        int r1 = half == 0 ? mid : c.vocab();
        lmHead[half] =
            Weights.upload(
                m.create(
                    Weights.scaleRows(Weights.transpose(head, h, r0, r1), h, finalNorm),
                    new Shape(h, r1 - r0)),
                type);
      }
      bytes += (long) c.vocab() * h * 4;
      Layer[] layers = new Layer[c.layers()];
      for (int i = 0; i < c.layers(); i++) {
        String p = "model.layers." + i + ".";
        float[] q = ck.readFloats(p + "self_attn.q_proj.weight", qOut, h);
        float[] k = ck.readFloats(p + "self_attn.k_proj.weight", kvOut, h);
        float[] v = ck.readFloats(p + "self_attn.v_proj.weight", kvOut, h);
        float[] n1 = ck.readFloats(p + "input_layernorm.weight", h);
        float[] n2 = ck.readFloats(p + "post_attention_layernorm.weight", h);
        // the attention scale 1/sqrt(hd) goes into q (RoPE is linear, so it commutes)
        float scale = (float) (1.0 / Math.sqrt(hd));
        Weights.scale(q, scale);
        NDArray wqkv =
            Weights.upload(
                m.create(
                    Weights.scaleRows(Weights.fuseTransposed(h, q, k, v), h, n1),
                    new Shape(h, qOut + 2L * kvOut)),
                type);
        NDArray bqkv = null;
        if (c.attentionBias()) {
          float[] b = new float[qOut + 2 * kvOut];
          System.arraycopy(
              Weights.scale(ck.readFloats(p + "self_attn.q_proj.bias", qOut), scale),
              0,
              b,
              0,
              qOut);
          System.arraycopy(ck.readFloats(p + "self_attn.k_proj.bias", kvOut), 0, b, qOut, kvOut);
          System.arraycopy(
              ck.readFloats(p + "self_attn.v_proj.bias", kvOut), 0, b, qOut + kvOut, kvOut);
          bqkv = Weights.upload(m.create(b), type);
        }
        NDArray wo =
            Weights.upload(
                m.create(
                    Weights.transpose(
                        ck.readFloats(p + "self_attn.o_proj.weight", h, qOut), h, qOut),
                    new Shape(qOut, h)),
                type);
        int in = c.intermediate();
        float[] gate = ck.readFloats(p + "mlp.gate_proj.weight", in, h);
        float[] up = ck.readFloats(p + "mlp.up_proj.weight", in, h);
        NDArray wGate =
            Weights.upload(
                m.create(
                    Weights.scaleRows(Weights.transpose(gate, in, h), h, n2), new Shape(h, in)),
                type);
        NDArray wUp =
            Weights.upload(
                m.create(Weights.scaleRows(Weights.transpose(up, in, h), h, n2), new Shape(h, in)),
                type);
        NDArray wDown =
            Weights.upload(
                m.create(ck.readFloats(p + "mlp.down_proj.weight", h, in), new Shape(h, in)), type);
        // row halves of [out, in] are contiguous views, for the split MLP (no copy)
        NDArray wDownTop = wDown.get(new NDIndex("0:{}", h / 2));
        NDArray wDownBottom = wDown.get(new NDIndex("{}:", h / 2));
        layers[i] = new Layer(wqkv, bqkv, wo, wGate, wUp, wDown, wDownTop, wDownBottom);
        bytes += 4L * ((long) h * (qOut + 2L * kvOut) + (long) qOut * h + 3L * in * h);
      }
      int ropeLen = Math.min(c.maxPositions(), maxPositions);
      return new LlamaDecoder(c, m, type, embed, lmHead, layers, ropeLen, bytes);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** The model's configuration. */
  public DecoderConfig config() {
    return cfg;
  }

  /** Longest sequence the position tables cover. */
  public int maxPositions() {
    return ropeLen;
  }

  /** Bytes of weights read per decode step (lm_head plus all layers, float32). */
  public long weightBytesPerStep() {
    return weightBytes;
  }

  /** Device the weights live on. */
  public Device device() {
    return manager.getDevice();
  }

  /** The manager owning the weights (tests count its arrays to prove nothing leaks into it). */
  public NDManager manager() {
    return manager;
  }

  /** Allocates a cache with {@code slots} sequences of up to {@code maxLen} tokens. */
  public KvCache newCache(int slots, int maxLen) {
    if (maxLen > ropeLen) {
      throw new IllegalArgumentException("maxLen " + maxLen + " exceeds position table " + ropeLen);
    }
    return new KvCache(manager, cfg, slots, maxLen, type);
  }

  /**
   * Runs {@code tokens} of one sequence starting at position {@code start}, writing their keys and
   * values into the cache slot.
   *
   * @return logits of the last position ([1][vocab]) or of every position when {@code allLogits}
   */
  public float[][] prefill(KvCache cache, int slot, int[] tokens, int start, boolean allLogits) {
    return prefill(cache, new int[] {slot}, new int[][] {tokens}, new int[] {start}, allLogits);
  }

  /**
   * Prefills several sequences in one forward pass: their prompt chunks are stacked, so the weight
   * products run once for all of them; attention runs per sequence against its own cache slot.
   *
   * @return logits of each sequence's last position ([sequences][vocab])
   */
  public float[][] prefill(KvCache cache, int[] slots, int[][] tokens, int[] starts) {
    return prefill(cache, slots, tokens, starts, false);
  }

  private float[][] prefill(
      KvCache cache, int[] slots, int[][] tokens, int[] starts, boolean allLogits) {
    int segs = slots.length;
    int total = 0;
    for (int i = 0; i < segs; i++) {
      if (tokens[i].length == 0 || starts[i] + tokens[i].length > cache.maxLen()) {
        throw new IllegalArgumentException(
            "sequence of " + (starts[i] + tokens[i].length) + " exceeds cache " + cache.maxLen());
      }
      total += tokens[i].length;
    }
    try (NDManager s = manager.newSubManager()) {
      int[] ids = new int[total];
      int[] pos = new int[total];
      long[] lastRows = new long[segs];
      NDArray[] masks = new NDArray[segs];
      int off = 0;
      for (int i = 0; i < segs; i++) {
        int n = tokens[i].length;
        int start = starts[i];
        System.arraycopy(tokens[i], 0, ids, off, n);
        for (int t = 0; t < n; t++) {
          pos[off + t] = start + t;
        }
        lastRows[i] = off + n - 1L;
        // causal mask over [n, start + n]: token t may attend to positions <= start + t
        int len = start + n;
        float[] mask = new float[n * len];
        for (int t = 0; t < n; t++) {
          for (int j = start + t + 1; j < len; j++) {
            mask[t * len + j] = -1e9f;
          }
        }
        masks[i] = Weights.upload(s.create(mask, new Shape(n, len)), type);
        off += n;
      }
      NDArray x = embed.get(s, new NDIndex("{}", s.create(toLong(ids))));
      NDArray rope = ropeFor(s, pos);
      for (int l = 0; l < layers.length; l++) {
        x = layerPrefill(s, l, x, rope, cache, slots, tokens, starts, masks);
      }
      NDArray last = allLogits ? x : x.get(new NDIndex("{}", s.create(lastRows)));
      return logits(last);
    }
  }

  /**
   * One decode step for a batch: sequence {@code b} feeds {@code tokens[b]} at {@code positions[b]}
   * into cache slot {@code slots[b]}. All weight products run once for the batch.
   *
   * @return logits per sequence [batch][vocab]
   */
  public float[][] decode(KvCache cache, int[] slots, int[] tokens, int[] positions) {
    int b = tokens.length;
    int maxLen = 0;
    for (int p : positions) {
      if (p >= cache.maxLen()) {
        throw new IllegalArgumentException("position " + p + " exceeds cache " + cache.maxLen());
      }
      maxLen = Math.max(maxLen, p + 1);
    }
    try (NDManager s = manager.newSubManager()) {
      NDArray x = embed.get(s, new NDIndex("{}", s.create(toLong(tokens))));
      NDArray rope = ropeFor(s, positions);
      Supplier<NDArray> layersOf =
          b == 1
              ? oneTokenLayers(s, x, rope, cache, slots[0], positions[0])
              : batchLayers(s, x, rope, cache, slots, positions, maxLen);
      if (lead == null) {
        return logits(layersOf.get(), false);
      }
      return lead.call(() -> logits(layersOf.get(), true));
    }
  }

  private Supplier<NDArray> oneTokenLayers(
      NDManager s, NDArray x, NDArray rope, KvCache cache, int slot, int pos) {
    NDArray rope1 = rope.reshape(cfg.headDim(), cfg.headDim());
    return () -> {
      NDArray y = x;
      for (int l = 0; l < layers.length; l++) {
        y = layerDecodeOne(s, l, y, rope1, cache, slot, pos);
      }
      return y;
    };
  }

  private Supplier<NDArray> batchLayers(
      NDManager s,
      NDArray x,
      NDArray rope,
      KvCache cache,
      int[] slots,
      int[] positions,
      int maxLen) {
    int b = slots.length;
    float[] mask = new float[b * maxLen];
    for (int i = 0; i < b; i++) {
      for (int j = positions[i] + 1; j < maxLen; j++) {
        mask[i * maxLen + j] = -1e9f;
      }
    }
    NDArray maskArr = Weights.upload(s.create(mask, new Shape(b, 1, 1, maxLen)), type);
    NDArray slotIdx = s.create(toLong(slots));
    NDArray posIdx = s.create(toLong(positions));
    return () -> {
      NDArray y = x;
      for (int l = 0; l < layers.length; l++) {
        y = layerDecode(s, l, y, rope, cache, slots, positions, slotIdx, posIdx, maxLen, maskArr);
      }
      return y;
    };
  }

  /**
   * RoPE as one product per token: x·M_p = x·cos_p + rotate_half(x)·sin_p, with M_p = diag(cos_p) +
   * R·diag(sin_p) built here ([T, hd, hd]), instead of four ops per layer.
   */
  private NDArray ropeFor(NDManager s, int[] positions) {
    int hd = cfg.headDim();
    int half = hd / 2;
    int n = positions.length;
    float[] m = new float[n * hd * hd];
    for (int t = 0; t < n; t++) {
      int base = t * hd * hd;
      int row = positions[t] * hd;
      for (int j = 0; j < hd; j++) {
        m[base + j * hd + j] = cos[row + j];
        // column j takes -x[j + half]·sin (first half) or +x[j - half]·sin (second half)
        int k = j < half ? j + half : j - half;
        m[base + k * hd + j] = j < half ? -sin[row + j] : sin[row + j];
      }
    }
    return Weights.upload(s.create(m, new Shape(n, hd, hd)), type);
  }

  /**
   * Projections shared by the batched paths: x [T, hidden] gives q [T, heads, hd], k and v [T,
   * kvHeads, hd], q already scaled and q/k rotated.
   */
  private NDArray[] qkv(Layer w, NDArray x, NDArray rope) {
    int t = (int) x.getShape().get(0);
    NDArray h = project(w, x).reshape(t, cfg.heads() + 2L * cfg.kvHeads(), cfg.headDim());
    NDList qkV = h.split(new long[] {cfg.heads() + cfg.kvHeads()}, 1);
    NDList qk = qkV.get(0).matMul(rope).split(new long[] {cfg.heads()}, 1);
    return new NDArray[] {qk.get(0), qk.get(1), qkV.get(1)};
  }

  private NDArray project(Layer w, NDArray x) {
    NDArray h = rmsNorm(x).matMul(w.wqkv());
    return w.bqkv() == null ? h : h.add(w.bqkv());
  }

  private NDArray layerPrefill(
      NDManager s,
      int l,
      NDArray x,
      NDArray rope,
      KvCache cache,
      int[] slots,
      int[][] tokens,
      int[] starts,
      NDArray[] masks) {
    Layer w = layers[l];
    NDArray[] qkv = qkv(w, x, rope);
    if (slots.length == 1) {
      NDArray attn =
          attendPrefill(s, l, cache, slots[0], starts[0], qkv[0], qkv[1], qkv[2], masks[0]);
      return mlp(w, x.add(attn.matMul(w.wo())));
    }
    long[] cuts = new long[slots.length - 1];
    long off = 0;
    for (int i = 0; i < cuts.length; i++) {
      off += tokens[i].length;
      cuts[i] = off;
    }
    NDList qs = qkv[0].split(cuts, 0);
    NDList ks = qkv[1].split(cuts, 0);
    NDList vs = qkv[2].split(cuts, 0);
    NDList parts = new NDList(slots.length);
    for (int i = 0; i < slots.length; i++) {
      parts.add(
          attendPrefill(
              s, l, cache, slots[i], starts[i], qs.get(i), ks.get(i), vs.get(i), masks[i]));
    }
    NDArray attn = NDArrays.concat(parts, 0);
    return mlp(w, x.add(attn.matMul(w.wo())));
  }

  /**
   * Writes one sequence's new keys/values into its slot and attends over the slot: q [n, heads,
   * hd], k/v [n, kvHeads, hd]; returns [n, heads * hd].
   */
  private NDArray attendPrefill(
      NDManager s,
      int l,
      KvCache cache,
      int slot,
      int start,
      NDArray q0,
      NDArray k0,
      NDArray v0,
      NDArray mask) {
    int n = (int) q0.getShape().get(0);
    int kv = cfg.kvHeads();
    int g = cfg.heads() / kv;
    int hd = cfg.headDim();
    int total = start + n;
    NDIndex dst = new NDIndex("{}, :, {}:{}, :", slot, start, total);
    cache.keys(l).set(dst, k0.transpose(1, 0, 2));
    cache.values(l).set(dst, v0.transpose(1, 0, 2));
    NDIndex src = new NDIndex("{}, :, :{}, :", slot, total);
    NDArray k = cache.keys(l).get(s, src); // [kv, total, hd]
    NDArray v = cache.values(l).get(s, src);
    // q [n, kv*g, hd] -> [kv, g*n, hd]
    NDArray q = q0.reshape(n, kv, g, hd).transpose(1, 2, 0, 3).reshape(kv, (long) g * n, hd);
    NDArray scores = q.matMul(k.transpose(0, 2, 1)).reshape(kv, g, n, total);
    NDArray probs = scores.add(mask).softmax(-1).reshape(kv, (long) g * n, total);
    return probs
        .matMul(v)
        .reshape(kv, g, n, hd)
        .transpose(2, 0, 1, 3)
        .reshape(n, (long) cfg.heads() * hd);
  }

  /**
   * A decode step of a single sequence, without a batch axis: no mask (the slot holds exactly the
   * positions it may attend to), plain slice writes, and half the indexing ops of the batched path.
   */
  private NDArray layerDecodeOne(
      NDManager s, int l, NDArray x, NDArray rope, KvCache cache, int slot, int pos) {
    Layer w = layers[l];
    int heads = cfg.heads();
    int kv = cfg.kvHeads();
    int hd = cfg.headDim();
    NDArray h = project(w, x).reshape(heads + 2L * kv, hd);
    NDList qkV = h.split(new long[] {heads + kv}, 0);
    NDList qk = qkV.get(0).matMul(rope).split(new long[] {heads}, 0);
    NDIndex dst = new NDIndex("{}, :, {}, :", slot, pos);
    cache.keys(l).set(dst, qk.get(1));
    cache.values(l).set(dst, qkV.get(1));
    NDIndex src = new NDIndex("{}, :, :{}, :", slot, pos + 1);
    NDArray k = cache.keys(l).get(s, src); // [kv, L, hd]
    NDArray v = cache.values(l).get(s, src);
    NDArray q = qk.get(0).reshape(kv, heads / kv, hd);
    NDArray probs = q.matMul(k.transpose(0, 2, 1)).softmax(-1); // [kv, g, L]
    NDArray attn = probs.matMul(v).reshape(1, (long) heads * hd);
    NDArray residual = x.add(attn.matMul(w.wo()));
    return pair == null ? mlp(w, residual) : mlpSplit(w, residual);
  }

  private NDArray layerDecode(
      NDManager s,
      int l,
      NDArray x,
      NDArray rope,
      KvCache cache,
      int[] slots,
      int[] positions,
      NDArray slotIdx,
      NDArray posIdx,
      int maxLen,
      NDArray mask) {
    Layer w = layers[l];
    NDArray[] qkv = qkv(w, x, rope);
    int b = slots.length;
    int kv = cfg.kvHeads();
    int g = cfg.heads() / kv;
    int hd = cfg.headDim();
    if (b <= 4) {
      // a plain slice write costs ~30 µs, an advanced-index write ~120 µs whatever the batch
      for (int i = 0; i < b; i++) {
        NDIndex dst = new NDIndex("{}, :, {}, :", slots[i], positions[i]);
        cache.keys(l).set(dst, qkv[1].get(i));
        cache.values(l).set(dst, qkv[2].get(i));
      }
    } else {
      // one advanced-index write for the whole batch: cache[slot_i, :, pos_i, :] = k_i
      NDIndex dst = new NDIndex("{}, :, {}, :", slotIdx, posIdx);
      cache.keys(l).set(dst, qkv[1]);
      cache.values(l).set(dst, qkv[2]);
    }
    NDIndex window = new NDIndex(":, :, :{}, :", maxLen);
    NDArray k = cache.keys(l).get(s, window).get(new NDIndex("{}", slotIdx)); // [b, kv, L, hd]
    NDArray v = cache.values(l).get(s, window).get(new NDIndex("{}", slotIdx));
    NDArray q = qkv[0].reshape(b, kv, g, hd);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)); // [b, kv, g, L]
    NDArray probs = scores.add(mask).softmax(-1);
    NDArray attn = probs.matMul(v).reshape(b, (long) cfg.heads() * hd);
    NDArray residual = x.add(attn.matMul(w.wo()));
    return pair == null ? mlp(w, residual) : mlpSplit(w, residual);
  }

  private NDArray mlp(Layer w, NDArray x) {
    NDArray n = rmsNorm(x);
    NDArray gate = n.matMul(w.wGate());
    NDArray act = gate.mul(Activation.sigmoid(gate)).mul(n.matMul(w.wUp()));
    return x.add(Linear.linear(act, w.wDown()).singletonOrThrow());
  }

  /**
   * The MLP with each large product split over the decoder's two threads, each running libtorch
   * single-threaded. At batch 1 MKL streams a product's weights on one thread, and one core reads
   * memory at about two thirds of what two read together; at small batches MKL's own two-thread
   * split of a wide product is slower than two products of half the width. On the Qwen2.5-0.5B
   * shapes on 2 vCPUs: +20-25 % tokens/s at 1 stream, +30 % at 8, even at 16 (BENCHMARKS.md). Gate
   * and up run side by side, down_proj as two halves of its output rows (contiguous views).
   */
  private NDArray mlpSplit(Layer w, NDArray x) {
    NDArray n = rmsNorm(x);
    pair.start(() -> n.matMul(w.wUp()));
    NDArray gate = n.matMul(w.wGate());
    NDArray act = gate.mul(Activation.sigmoid(gate)).mul(pair.join());
    pair.start(() -> Linear.linear(act, w.wDownBottom()).singletonOrThrow());
    NDArray top = Linear.linear(act, w.wDownTop()).singletonOrThrow();
    return x.add(top.concat(pair.join(), -1));
  }

  private float[][] logits(NDArray x) {
    return logits(x, false);
  }

  /**
   * Final norm and lm_head; {@code split} (on the lead thread only) runs the halves side by side.
   */
  private float[][] logits(NDArray x, boolean split) {
    NDArray n = rmsNorm(x);
    NDArray[] halves = new NDArray[2];
    if (split) {
      pair.start(() -> n.matMul(lmHead[1]));
      halves[0] = n.matMul(lmHead[0]);
      halves[1] = pair.join();
    } else {
      halves[0] = n.matMul(lmHead[0]);
      halves[1] = n.matMul(lmHead[1]);
    }
    float[] a = halves[0].toType(DataType.FLOAT32, false).toFloatArray();
    float[] b = halves[1].toType(DataType.FLOAT32, false).toFloatArray();
    int va = (int) halves[0].getShape().get(1);
    int vb = (int) halves[1].getShape().get(1);
    float[][] out = new float[(int) n.getShape().get(0)][va + vb];
    for (int i = 0; i < out.length; i++) {
      System.arraycopy(a, i * va, out[i], 0, va);
      System.arraycopy(b, i * vb, out[i], va, vb);
    }
    return out;
  }

  /** RMSNorm without its weight, which lives in the following product's rows. */
  private NDArray rmsNorm(NDArray x) {
    NDArray var = x.mul(x).mean(new int[] {-1}, true);
    return x.div(var.add(cfg.rmsEps()).sqrt());
  }

  private static long[] toLong(int[] a) {
    long[] r = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i];
    }
    return r;
  }

  @Override
  public void close() {
    if (lead != null) {
      lead.close();
      pair.close();
    }
    manager.close();
  }
}
