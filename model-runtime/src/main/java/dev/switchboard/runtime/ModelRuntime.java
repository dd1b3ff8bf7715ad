package dev.switchboard.runtime;

import ai.djl.ndarray.NDManager;
import dev.switchboard.runtime.embed.MiniLmOnnxEncoder;
import dev.switchboard.runtime.encoder.BatchedEmbeddingModel;
import dev.switchboard.runtime.encoder.BertEncoder;
import dev.switchboard.runtime.llm.LlamaDecoder;
import dev.switchboard.runtime.schedule.BatchedChatModel;
import dev.switchboard.runtime.store.ModelFolder;
import dev.switchboard.runtime.text.TextTokenizer;
import dev.switchboard.runtime.train.EncoderFineTuner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the model runtime: picks the device, loads models from Hugging Face layout folders
 * and owns their native memory. Closing the runtime closes every model it loaded. One instance per
 * process (native libraries load once, from the host class loader).
 */
public final class ModelRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRuntime.class);

  private final DevicePolicy policy;
  private final NDManager root;
  private final List<AutoCloseable> models = new ArrayList<>();
  private BatchedEmbeddingModel bundled;

  /** Creates a runtime on the detected device. */
  public ModelRuntime() {
    this(DevicePolicy.detect());
  }

  /** Creates a runtime with an explicit device policy. */
  public ModelRuntime(DevicePolicy policy) {
    this.policy = policy;
    this.root = NDManager.newBaseManager(policy.device(), "PyTorch");
    LOG.info("model runtime on {}", policy.describe());
  }

  /** The device policy in use. */
  public DevicePolicy devicePolicy() {
    return policy;
  }

  /**
   * Loads a decoder LM (model_type llama, qwen2 or mistral) and starts its scheduler.
   *
   * @throws IllegalArgumentException for an unsupported or malformed folder
   * @throws dev.switchboard.runtime.safetensors.CheckpointException for unreadable weights
   */
  public LocalChatModel loadChat(Path folder, ChatModelOptions options) {
    ChatModelOptions o = options == null ? ChatModelOptions.defaults() : options;
    ModelFolder mf = ModelFolder.open(folder);
    String name = o.name() != null ? o.name() : folder.getFileName().toString();
    int cap = o.maxSequenceLength() > 0 ? o.maxSequenceLength() : Integer.MAX_VALUE;
    long t0 = System.nanoTime();
    LlamaDecoder decoder = LlamaDecoder.load(folder, root, policy.dataType(), cap);
    TextTokenizer tok;
    try {
      tok = TextTokenizer.load(folder);
    } catch (RuntimeException e) {
      decoder.close();
      throw e;
    }
    BatchedChatModel m;
    try {
      m = new BatchedChatModel(name, mf, decoder, tok, o);
    } catch (RuntimeException e) {
      tok.close();
      decoder.close();
      throw e;
    }
    LOG.info(
        "loaded chat model {} ({}, {} layers) in {} ms",
        name,
        decoder.config().modelType(),
        decoder.config().layers(),
        (System.nanoTime() - t0) / 1_000_000);
    register(m);
    return m;
  }

  /**
   * Loads a BERT-family encoder (model_type bert) for embeddings and, when the checkpoint has a
   * classifier head, sequence classification; starts its dynamic batcher.
   */
  public LocalEmbeddingModel loadEmbedding(Path folder, EncoderOptions options) {
    EncoderOptions o = options == null ? EncoderOptions.defaults() : options;
    String name = o.name() != null ? o.name() : folder.getFileName().toString();
    BertEncoder enc = BertEncoder.load(folder, root, policy.dataType(), o);
    BatchedEmbeddingModel m = new BatchedEmbeddingModel(name, enc, o);
    register(m);
    return m;
  }

  /**
   * A fine-tuner for BERT encoders on this runtime's device (weights train in float32 there, even
   * where served models are stored in float16).
   */
  public EncoderFineTuner encoderFineTuner() {
    return new EncoderFineTuner(policy.device());
  }

  /**
   * The bundled all-MiniLM-L6-v2 (quantized ONNX, from the LangChain4j jar), served as {@value
   * MiniLmOnnxEncoder#NAME} behind the same dynamic batcher; created on first use, then shared.
   */
  public synchronized LocalEmbeddingModel bundledEmbedding() {
    if (bundled == null) {
      EncoderOptions o = EncoderOptions.defaults().withName(MiniLmOnnxEncoder.NAME);
      int threads = Runtime.getRuntime().availableProcessors();
      bundled =
          new BatchedEmbeddingModel(MiniLmOnnxEncoder.NAME, MiniLmOnnxEncoder.load(o, threads), o);
      register(bundled);
    }
    return bundled;
  }

  synchronized void register(AutoCloseable m) {
    models.add(m);
  }

  NDManager rootManager() {
    return root;
  }

  @Override
  public synchronized void close() {
    for (AutoCloseable m : models) {
      try {
        m.close();
      } catch (Exception e) {
        LOG.warn("closing model failed", e);
      }
    }
    models.clear();
    bundled = null;
    root.close();
  }
}
