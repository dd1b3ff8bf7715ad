package dev.switchboard.runtime.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.switchboard.runtime.EncoderOptions;
import dev.switchboard.runtime.encoder.EncodedBatch;
import dev.switchboard.runtime.encoder.Pooling;
import dev.switchboard.runtime.encoder.TextEncoder;
import dev.switchboard.runtime.text.TextTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (quantized ONNX) from the LangChain4j embeddings jar, run directly on ONNX
 * Runtime with whole padded batches — LangChain4j's own model embeds texts one at a time. Mean
 * pooling and L2 normalisation, as sentence-transformers does.
 *
 * <p>The session runs with one intra-op thread and reports {@link #parallelism()} = cores: a small
 * model parallelises poorly inside one run, so one batch per core, run side by side on the shared
 * (thread-safe) session, uses the machine better.
 */
public final class MiniLmOnnxEncoder implements TextEncoder {
  /** Served name of the bundled model. */
  public static final String NAME = "all-minilm-l6-v2";

  private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";
  private static final int DIM = 384;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final TextTokenizer tokenizer;
  private final EncoderOptions options;
  private final int maxTokens;

  private final int parallelism;

  private MiniLmOnnxEncoder(
      OrtEnvironment env,
      OrtSession session,
      TextTokenizer tok,
      EncoderOptions o,
      int parallelism) {
    this.parallelism = parallelism;
    this.env = env;
    this.session = session;
    this.tokenizer = tok;
    this.options = o;
    this.maxTokens = o.maxTokens() > 0 ? Math.min(o.maxTokens(), 512) : 512;
  }

  /** Loads the model and tokenizer from the class path (the LangChain4j jar). */
  public static MiniLmOnnxEncoder load(EncoderOptions o, int parallelism) {
    Class<?> anchor = anchor();
    try (InputStream model = anchor.getResourceAsStream(MODEL);
        InputStream tok = anchor.getResourceAsStream(TOKENIZER)) {
      if (model == null || tok == null) {
        throw new IllegalStateException("bundled MiniLM not on the class path (" + MODEL + ")");
      }
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions so = new OrtSession.SessionOptions();
      so.setIntraOpNumThreads(1);
      so.setInterOpNumThreads(1);
      OrtSession session = env.createSession(model.readAllBytes(), so);
      return new MiniLmOnnxEncoder(
          env, session, TextTokenizer.fromStream(tok), o, Math.max(1, parallelism));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot start ONNX Runtime session for MiniLM", e);
    }
  }

  /** A class of the LangChain4j jar, so its resources resolve through the right class loader. */
  private static Class<?> anchor() {
    try {
      return Class.forName(
          "dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel");
    } catch (ClassNotFoundException e) {
      return MiniLmOnnxEncoder.class;
    }
  }

  @Override
  public float[][] embedBatch(List<String> texts) {
    EncodedBatch b = EncodedBatch.of(tokenizer, texts, maxTokens, 0);
    long[] shape = {texts.size(), b.len()};
    try (OnnxTensor ids =
            OnnxTensor.createTensor(env, LongBuffer.wrap(EncodedBatch.flat(b.ids())), shape);
        OnnxTensor mask =
            OnnxTensor.createTensor(env, LongBuffer.wrap(EncodedBatch.flat(b.mask())), shape);
        OnnxTensor types =
            OnnxTensor.createTensor(env, LongBuffer.wrap(EncodedBatch.flat(b.typeIds())), shape);
        OrtSession.Result r =
            session.run(
                Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
      OnnxTensor out = (OnnxTensor) r.get(0);
      java.nio.FloatBuffer fb = out.getFloatBuffer();
      float[] hidden = new float[fb.remaining()];
      fb.get(hidden);
      return Pooling.pool(hidden, b.mask(), DIM, options.pooling(), options.normalize());
    } catch (OrtException e) {
      throw new IllegalStateException("MiniLM inference failed", e);
    }
  }

  @Override
  public int parallelism() {
    return parallelism;
  }

  @Override
  public int dimension() {
    return DIM;
  }

  @Override
  public int countTokens(String text) {
    return tokenizer.encode(text, true).length;
  }

  @Override
  public int maxTokens() {
    return maxTokens;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // closing a session only fails if it is already closed
    }
    tokenizer.close();
  }
}
