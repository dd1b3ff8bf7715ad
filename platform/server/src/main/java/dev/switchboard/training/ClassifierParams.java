package dev.switchboard.training;

import dev.switchboard.runtime.train.FineTuneOptions;
import dev.switchboard.runtime.train.TrainOptions;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;

/**
 * The {@code params} of a classifier job, parsed: which trainer runs — a head over frozen
 * embeddings or encoder fine-tuning — on which model, with which hyper-parameters.
 *
 * <p>{@code fineTune} is {@code true}, {@code false} or {@code "auto"} (the default): auto
 * fine-tunes when the runtime has a GPU and {@code encoder} names a trainable BERT checkpoint, and
 * trains a head otherwise. {@code encoder} and {@code embeddingModel} name the same thing (the
 * embedding model of a head, the base model of a fine-tune); the rest are the chosen trainer's
 * hyper-parameters, and a key the other trainer takes is an error, never silently ignored.
 *
 * @param fineTune whether the encoder is fine-tuned
 * @param encoder the model (name, or for fine-tuning also an absolute folder path), or null for the
 *     bundled embedding model
 * @param head the head's options (null when fine-tuning)
 * @param fineTuning the fine-tuning options (null for a head)
 */
record ClassifierParams(
    boolean fineTune, String encoder, TrainOptions head, FineTuneOptions fineTuning) {

  static final String FINE_TUNE = "fineTune";
  static final String ENCODER = "encoder";
  static final String EMBEDDING_MODEL = "embeddingModel";

  /**
   * Parses and validates.
   *
   * @param gpu whether the runtime has a GPU (resolves {@code "auto"})
   * @param trainable whether an encoder reference can be fine-tuned (asked only for {@code "auto"}
   *     on a GPU)
   * @throws IllegalArgumentException with a message for the caller
   */
  static ClassifierParams parse(JsonObject params, boolean gpu, Predicate<String> trainable) {
    JsonObject p = params == null ? new JsonObject() : params.copy();
    Object mode = p.remove(FINE_TUNE);
    if (mode != null && !(mode instanceof Boolean) && !"auto".equals(mode)) {
      throw new IllegalArgumentException("fineTune must be true, false or \"auto\", got " + mode);
    }
    String encoder = string(p.remove(ENCODER), ENCODER);
    String embedding = string(p.remove(EMBEDDING_MODEL), EMBEDDING_MODEL);
    if (encoder != null && embedding != null && !encoder.equals(embedding)) {
      throw new IllegalArgumentException(
          "encoder and embeddingModel name the same model; give one of them");
    }
    String model = encoder != null ? encoder : embedding;
    boolean fineTune;
    String why;
    if (mode instanceof Boolean b) {
      fineTune = b;
      why = b ? " (fine-tuning the encoder)" : " (training a head over frozen embeddings)";
    } else {
      fineTune = gpu && model != null && trainable.test(model);
      why =
          fineTune
              ? " (fineTune \"auto\" chose fine-tuning: a GPU and a trainable encoder)"
              : gpu
                  ? " (fineTune \"auto\" chose a head: no trainable encoder named)"
                  : " (fineTune \"auto\" chose a head: no GPU; set fineTune true to fine-tune on"
                      + " the CPU)";
    }
    if (fineTune && model == null) {
      throw new IllegalArgumentException(
          "fine-tuning needs 'encoder': a registered BERT model in safetensors or an absolute"
              + " folder path (the bundled all-minilm-l6-v2 is quantized ONNX and cannot train)");
    }
    try {
      return fineTune
          ? new ClassifierParams(true, model, null, FineTuneOptions.fromMap(p.getMap()))
          : new ClassifierParams(false, model, TrainOptions.fromMap(p.getMap()), null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + why, e);
    }
  }

  private static String string(Object v, String key) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(key + " must be a non-empty string");
    }
    return s;
  }
}
