package dev.switchboard.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.switchboard.runtime.encoder.BertWeights;
import dev.switchboard.runtime.safetensors.DType;
import dev.switchboard.runtime.safetensors.SafetensorsFile;
import dev.switchboard.runtime.safetensors.SafetensorsWriter;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AdamW (decoupled weight decay, as {@code torch.optim.AdamW}) over raw NDArrays, with global
 * gradient-norm clipping. Its moment estimates live on the parameters' device and are saved with a
 * checkpoint, so a resumed run continues exactly where it stopped (DJL's optimizers keep theirs
 * private). Must run with autograd recording off: updates are in place on the parameters.
 */
final class AdamW implements AutoCloseable {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPS = 1e-8f;

  private final List<BertWeights.Tensor> params;
  private final NDArray[] m;
  private final NDArray[] v;
  private final float weightDecay;
  private final NDManager manager;
  private long updates;

  /** Zero moments in {@code manager}, which the optimizer owns from now on. */
  AdamW(List<BertWeights.Tensor> params, float weightDecay, NDManager manager) {
    this.params = params;
    this.manager = manager;
    this.weightDecay = weightDecay;
    this.m = new NDArray[params.size()];
    this.v = new NDArray[params.size()];
    for (int i = 0; i < m.length; i++) {
      NDArray p = params.get(i).array();
      m[i] = manager.zeros(p.getShape(), p.getDataType(), p.getDevice());
      v[i] = manager.zeros(p.getShape(), p.getDataType(), p.getDevice());
    }
  }

  /**
   * Clips the gradients to a global L2 norm of {@code clipNorm} (0: no clipping), applies one
   * update at learning rate {@code lr}, and zeroes the gradients (libtorch accumulates them).
   * Temporaries live in {@code scope}.
   *
   * @return the gradient norm before clipping
   */
  double step(float lr, float clipNorm, NDManager scope) {
    List<NDArray> grads = new ArrayList<>(params.size());
    NDArray sq = null;
    for (BertWeights.Tensor p : params) {
      NDArray g = p.array().getGradient();
      g.attach(scope); // the wrapper only: the gradient's storage stays with the parameter
      grads.add(g);
      NDArray s = g.square().sum();
      sq = sq == null ? s : sq.add(s);
    }
    double norm = Math.sqrt(sq.getFloat()); // one device sync per step
    float scale = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / (norm + 1e-6)) : 1f;
    updates++;
    float bc1 = 1 - (float) Math.pow(BETA1, updates);
    float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(BETA2, updates));
    float stepSize = lr / bc1;
    for (int i = 0; i < m.length; i++) {
      NDArray g = grads.get(i);
      if (scale != 1f) {
        g.muli(scale);
      }
      m[i].muli(BETA1).addi(g.mul(1 - BETA1));
      v[i].muli(BETA2).addi(g.square().muli(1 - BETA2));
      NDArray w = params.get(i).array();
      if (weightDecay > 0 && params.get(i).decays()) {
        w.muli(1 - lr * weightDecay);
      }
      NDArray denom = v[i].sqrt();
      denom.attach(scope); // results belong to the left operand's manager
      denom.divi(bc2Sqrt).addi(EPS);
      NDArray update = m[i].div(denom);
      update.attach(scope);
      w.subi(update.muli(stepSize));
      g.subi(g);
    }
    return norm;
  }

  /** Updates taken so far (for the bias correction). */
  long updates() {
    return updates;
  }

  /** Writes the moments ({@code m.<name>}, {@code v.<name>}) and the update count. */
  void save(Path file) {
    List<SafetensorsWriter.Spec> specs = new ArrayList<>();
    for (BertWeights.Tensor p : params) {
      long[] shape = p.array().getShape().getShape();
      specs.add(new SafetensorsWriter.Spec("m." + p.name(), DType.F32, shape));
      specs.add(new SafetensorsWriter.Spec("v." + p.name(), DType.F32, shape));
    }
    int[] next = {0};
    SafetensorsWriter.write(
        file,
        specs,
        s -> {
          int i = next[0]++;
          return BertWeights.floats(i % 2 == 0 ? m[i / 2] : v[i / 2]);
        },
        Map.of("updates", Long.toString(updates)));
  }

  /** Restores what {@link #save} wrote for the same parameters. */
  void load(Path file) {
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      for (int i = 0; i < m.length; i++) {
        BertWeights.Tensor p = params.get(i);
        long[] shape = p.array().getShape().getShape();
        m[i].set(FloatBuffer.wrap(f.readFloats("m." + p.name(), shape)));
        v[i].set(FloatBuffer.wrap(f.readFloats("v." + p.name(), shape)));
      }
      updates = Long.parseLong(f.metadata().get("updates"));
    }
  }

  /** Frees the moments. */
  @Override
  public void close() {
    manager.close();
  }
}
