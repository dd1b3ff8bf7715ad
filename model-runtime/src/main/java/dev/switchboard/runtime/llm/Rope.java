package dev.switchboard.runtime.llm;

import com.google.gson.JsonObject;

/** Rotary position embedding tables, in the "rotate half" layout Hugging Face Llama models use. */
final class Rope {
  private Rope() {}

  /** Inverse frequencies, with Llama 3 frequency scaling applied when configured. */
  static double[] invFreq(DecoderConfig c) {
    int half = c.headDim() / 2;
    double[] f = new double[half];
    for (int i = 0; i < half; i++) {
      f[i] = 1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / c.headDim());
    }
    JsonObject s = c.ropeScaling();
    if (s != null && "llama3".equals(s.has("rope_type") ? s.get("rope_type").getAsString() : "")) {
      double factor = s.get("factor").getAsDouble();
      double low = s.get("low_freq_factor").getAsDouble();
      double high = s.get("high_freq_factor").getAsDouble();
      double old = s.get("original_max_position_embeddings").getAsDouble();
      double lowWavelen = old / low;
      double highWavelen = old / high;
      for (int i = 0; i < half; i++) {
        double wavelen = 2 * Math.PI / f[i];
        if (wavelen > lowWavelen) {
          f[i] = f[i] / factor;
        } else if (wavelen >= highWavelen) {
          double smooth = (old / wavelen - low) / (high - low);
          f[i] = (1 - smooth) * f[i] / factor + smooth * f[i];
        }
      }
    }
    return f;
  }

  /** cos (sin when {@code sine}) table [positions, headDim], both halves repeated. */
  static float[] table(DecoderConfig c, int positions, boolean sine) {
    double[] inv = invFreq(c);
    int hd = c.headDim();
    int half = hd / 2;
    float[] t = new float[positions * hd];
    for (int p = 0; p < positions; p++) {
      for (int i = 0; i < half; i++) {
        double a = p * inv[i];
        float v = (float) (sine ? Math.sin(a) : Math.cos(a));
        t[p * hd + i] = v;
        t[p * hd + half + i] = v;
      }
    }
    return t;
  }
}
