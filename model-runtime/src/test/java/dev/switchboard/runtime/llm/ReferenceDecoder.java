package dev.switchboard.runtime.llm;

import dev.switchboard.runtime.safetensors.Checkpoint;
import dev.switchboard.runtime.store.ModelFolder;
import java.nio.file.Path;

/**
 * An independent, deliberately naive forward pass in plain Java doubles, written from the Hugging
 * Face modeling code (not from LlamaDecoder), to check the DJL implementation.
 */
final class ReferenceDecoder {
  private final DecoderConfig c;
  private final Checkpoint ck;

  ReferenceDecoder(Path folder) {
    this.c = DecoderConfig.from(ModelFolder.open(folder));
    this.ck = Checkpoint.open(folder);
  }

  private double[][] mat(String name, int rows, int cols) {
    float[] f = ck.readFloats(name);
    double[][] m = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < cols; k++) {
        m[r][k] = f[r * cols + k];
      }
    }
    return m;
  }

  private double[] vec(String name) {
    float[] f = ck.readFloats(name);
    double[] v = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      v[i] = f[i];
    }
    return v;
  }

  private static double[] linear(double[][] w, double[] x, double[] bias) {
    double[] y = new double[w.length];
    for (int o = 0; o < w.length; o++) {
      double s = bias == null ? 0 : bias[o];
      for (int i = 0; i < x.length; i++) {
        s += w[o][i] * x[i];
      }
      y[o] = s;
    }
    return y;
  }

  private double[] rms(double[] x, double[] w) {
    double ss = 0;
    for (double v : x) {
      ss += v * v;
    }
    double inv = 1 / Math.sqrt(ss / x.length + c.rmsEps());
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * inv * w[i];
    }
    return y;
  }

  private void rope(double[] v, int off, int pos) {
    int hd = c.headDim();
    int half = hd / 2;
    double[] orig = java.util.Arrays.copyOfRange(v, off, off + hd);
    for (int i = 0; i < hd; i++) {
      double freq = 1.0 / Math.pow(c.ropeTheta(), (2.0 * (i % half)) / hd);
      double a = pos * freq;
      double rotHalf = i < half ? -orig[i + half] : orig[i - half];
      v[off + i] = orig[i] * Math.cos(a) + rotHalf * Math.sin(a);
    }
  }

  /** Logits for every position of {@code tokens}. */
  double[][] forward(int[] tokens) {
    int n = tokens.length;
    int h = c.hidden();
    int hd = c.headDim();
    double[][] emb = mat("model.embed_tokens.weight", c.vocab(), h);
    double[][] x = new double[n][];
    for (int t = 0; t < n; t++) {
      x[t] = emb[tokens[t]].clone();
    }
    for (int l = 0; l < c.layers(); l++) {
      String p = "model.layers." + l + ".";
      double[][] wq = mat(p + "self_attn.q_proj.weight", c.heads() * hd, h);
      double[][] wk = mat(p + "self_attn.k_proj.weight", c.kvHeads() * hd, h);
      double[][] wv = mat(p + "self_attn.v_proj.weight", c.kvHeads() * hd, h);
      double[][] wo = mat(p + "self_attn.o_proj.weight", h, c.heads() * hd);
      boolean bias = c.attentionBias();
      double[] bq = bias ? vec(p + "self_attn.q_proj.bias") : null;
      double[] bk = bias ? vec(p + "self_attn.k_proj.bias") : null;
      double[] bv = bias ? vec(p + "self_attn.v_proj.bias") : null;
      double[] n1 = vec(p + "input_layernorm.weight");
      double[] n2 = vec(p + "post_attention_layernorm.weight");
      double[][] wg = mat(p + "mlp.gate_proj.weight", c.intermediate(), h);
      double[][] wu = mat(p + "mlp.up_proj.weight", c.intermediate(), h);
      double[][] wd = mat(p + "mlp.down_proj.weight", h, c.intermediate());
      double[][] q = new double[n][];
      double[][] k = new double[n][];
      double[][] v = new double[n][];
      for (int t = 0; t < n; t++) {
        double[] hn = rms(x[t], n1);
        q[t] = linear(wq, hn, bq);
        k[t] = linear(wk, hn, bk);
        v[t] = linear(wv, hn, bv);
        for (int head = 0; head < c.heads(); head++) {
          rope(q[t], head * hd, t);
        }
        for (int head = 0; head < c.kvHeads(); head++) {
          rope(k[t], head * hd, t);
        }
      }
      int groups = c.heads() / c.kvHeads();
      for (int t = 0; t < n; t++) {
        double[] out = new double[c.heads() * hd];
        for (int head = 0; head < c.heads(); head++) {
          int kvh = head / groups;
          double[] sc = new double[t + 1];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j <= t; j++) {
            double s = 0;
            for (int d = 0; d < hd; d++) {
              s += q[t][head * hd + d] * k[j][kvh * hd + d];
            }
            sc[j] = s / Math.sqrt(hd);
            max = Math.max(max, sc[j]);
          }
          double sum = 0;
          for (int j = 0; j <= t; j++) {
            sc[j] = Math.exp(sc[j] - max);
            sum += sc[j];
          }
          for (int j = 0; j <= t; j++) {
            for (int d = 0; d < hd; d++) {
              out[head * hd + d] += sc[j] / sum * v[j][kvh * hd + d];
            }
          }
        }
        double[] o = linear(wo, out, null);
        for (int i = 0; i < h; i++) {
          x[t][i] += o[i];
        }
        double[] hn = rms(x[t], n2);
        double[] g = linear(wg, hn, null);
        double[] u = linear(wu, hn, null);
        double[] act = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          act[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
        }
        double[] d = linear(wd, act, null);
        for (int i = 0; i < h; i++) {
          x[t][i] += d[i];
        }
      }
    }
    double[] fn = vec("model.norm.weight");
    double[][] head =
        c.tiedEmbeddings() && !ck.has("lm_head.weight") ? emb : mat("lm_head.weight", c.vocab(), h);
    double[][] logits = new double[n][];
    for (int t = 0; t < n; t++) {
      logits[t] = linear(head, rms(x[t], fn), null);
    }
    return logits;
  }
}
