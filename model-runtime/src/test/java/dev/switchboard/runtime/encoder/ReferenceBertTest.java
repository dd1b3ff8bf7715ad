package dev.switchboard.runtime.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.switchboard.runtime.EncoderOptions;
import dev.switchboard.runtime.safetensors.Checkpoint;
import dev.switchboard.runtime.store.ModelFolder;
import dev.switchboard.runtime.store.RandomCheckpoint;
import dev.switchboard.runtime.text.TextTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DJL BERT encoder against a naive plain-Java forward pass written from the HF modeling code.
 */
class ReferenceBertTest {
  @TempDir Path dir;

  @Test
  void meanPooledEmbeddingAndClassifierMatchPlainJava() {
    Path f = RandomCheckpoint.create(dir.resolve("cls"), "bert-mini-cls", 4);
    String text = "the weather is sunny and warm today";
    long[] ids;
    try (TextTokenizer tok = TextTokenizer.load(f)) {
      ids = tok.encode(text, true);
    }
    Reference ref = new Reference(f);
    double[][] hidden = ref.forward(ids);
    double[] mean = new double[hidden[0].length];
    for (double[] h : hidden) {
      for (int d = 0; d < mean.length; d++) {
        mean[d] += h[d] / hidden.length;
      }
    }
    double norm = Math.sqrt(java.util.Arrays.stream(mean).map(x -> x * x).sum());
    double[] probs = ref.classify(hidden[0]);
    try (NDManager m = NDManager.newBaseManager("PyTorch");
        BertEncoder enc = BertEncoder.load(f, m, DataType.FLOAT32, EncoderOptions.defaults())) {
      float[] got =
          enc.embedBatch(List.of(text, "a much longer second text to force padding of the first"))[
              0];
      double worst = 0;
      for (int d = 0; d < mean.length; d++) {
        worst = Math.max(worst, Math.abs(mean[d] / norm - got[d]));
      }
      assertTrue(worst < 1e-4, "embedding max diff " + worst);
      float[] p = enc.classifyBatch(List.of(text))[0];
      assertEquals(probs[0], p[0], 1e-4);
      assertEquals(probs[1], p[1], 1e-4);
    }
  }

  /** Naive BERT in doubles. */
  static final class Reference {
    final BertConfig c;
    final Checkpoint ck;

    Reference(Path folder) {
      c = BertConfig.from(ModelFolder.open(folder));
      ck = Checkpoint.open(folder);
    }

    double[] vec(String n) {
      float[] f = ck.readFloats(n);
      double[] v = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        v[i] = f[i];
      }
      return v;
    }

    double[] linear(String name, double[] x) {
      float[] w = ck.readFloats(name + ".weight");
      double[] b = vec(name + ".bias");
      int out = b.length;
      double[] y = new double[out];
      for (int o = 0; o < out; o++) {
        double s = b[o];
        for (int i = 0; i < x.length; i++) {
          s += w[o * x.length + i] * x[i];
        }
        y[o] = s;
      }
      return y;
    }

    double[] layerNorm(String name, double[] x) {
      double mu = java.util.Arrays.stream(x).average().orElse(0);
      double var = java.util.Arrays.stream(x).map(v -> (v - mu) * (v - mu)).average().orElse(0);
      double[] g = vec(name + ".weight");
      double[] b = vec(name + ".bias");
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = (x[i] - mu) / Math.sqrt(var + c.layerNormEps()) * g[i] + b[i];
      }
      return y;
    }

    static double gelu(double x) {
      return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** Abramowitz-Stegun 7.1.26 is too coarse for 1e-4; use a series/continued-fraction pair. */
    static double erf(double x) {
      double t = Math.abs(x);
      double r;
      if (t < 2.5) {
        double sum = 0;
        double term = t;
        for (int n = 0; n < 60; n++) {
          sum += term / (2 * n + 1);
          term *= -t * t / (n + 1);
        }
        r = 2 / Math.sqrt(Math.PI) * sum;
      } else {
        double cf = 0;
        for (int k = 60; k >= 1; k--) {
          cf = k / 2.0 / (t + cf);
        }
        r = 1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + cf);
      }
      return x < 0 ? -r : r;
    }

    double[][] forward(long[] ids) {
      String p = "bert.";
      int n = ids.length;
      int h = c.hidden();
      float[] word = ck.readFloats(p + "embeddings.word_embeddings.weight");
      float[] pos = ck.readFloats(p + "embeddings.position_embeddings.weight");
      float[] type = ck.readFloats(p + "embeddings.token_type_embeddings.weight");
      double[][] x = new double[n][h];
      for (int t = 0; t < n; t++) {
        for (int d = 0; d < h; d++) {
          x[t][d] = word[(int) ids[t] * h + d] + pos[t * h + d] + type[d];
        }
        x[t] = layerNorm(p + "embeddings.LayerNorm", x[t]);
      }
      int heads = c.heads();
      int hd = c.headDim();
      for (int l = 0; l < c.layers(); l++) {
        String q = p + "encoder.layer." + l + ".";
        double[][] qs = new double[n][];
        double[][] ks = new double[n][];
        double[][] vs = new double[n][];
        for (int t = 0; t < n; t++) {
          qs[t] = linear(q + "attention.self.query", x[t]);
          ks[t] = linear(q + "attention.self.key", x[t]);
          vs[t] = linear(q + "attention.self.value", x[t]);
        }
        double[][] next = new double[n][];
        for (int t = 0; t < n; t++) {
          double[] ctx = new double[h];
          for (int head = 0; head < heads; head++) {
            double[] sc = new double[n];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
              double s = 0;
              for (int d = 0; d < hd; d++) {
                s += qs[t][head * hd + d] * ks[j][head * hd + d];
              }
              sc[j] = s / Math.sqrt(hd);
              max = Math.max(max, sc[j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
              sc[j] = Math.exp(sc[j] - max);
              sum += sc[j];
            }
            for (int j = 0; j < n; j++) {
              for (int d = 0; d < hd; d++) {
                ctx[head * hd + d] += sc[j] / sum * vs[j][head * hd + d];
              }
            }
          }
          double[] a = linear(q + "attention.output.dense", ctx);
          for (int d = 0; d < h; d++) {
            a[d] += x[t][d];
          }
          double[] h1 = layerNorm(q + "attention.output.LayerNorm", a);
          double[] inter = linear(q + "intermediate.dense", h1);
          for (int d = 0; d < inter.length; d++) {
            inter[d] = gelu(inter[d]);
          }
          double[] o = linear(q + "output.dense", inter);
          for (int d = 0; d < h; d++) {
            o[d] += h1[d];
          }
          next[t] = layerNorm(q + "output.LayerNorm", o);
        }
        x = next;
      }
      return x;
    }

    double[] classify(double[] cls) {
      double[] pooled = linear("bert.pooler.dense", cls);
      for (int i = 0; i < pooled.length; i++) {
        pooled[i] = Math.tanh(pooled[i]);
      }
      double[] logits = linear("classifier", pooled);
      double max = Math.max(logits[0], logits[1]);
      double a = Math.exp(logits[0] - max);
      double b = Math.exp(logits[1] - max);
      return new double[] {a / (a + b), b / (a + b)};
    }
  }
}
