package dev.switchboard.api.model;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.classify.Classification;
import io.vertx.core.Future;
import java.util.List;

/**
 * One version of a trained classifier: a head over an embedding model's vectors, served by the
 * host. The host embeds the texts with the head's embedding model and applies the head on the
 * runtime's threads; many callers' texts share embedding batches.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public interface ClassifierModelHandle {

  /**
   * The classifier's name.
   *
   * @return the name, never null
   */
  String name();

  /**
   * The model version this handle serves; versions count up from 1 with every training run.
   *
   * @return the version, at least 1
   */
  int version();

  /**
   * The labels the head scores, in its order.
   *
   * @return the labels, never empty
   */
  List<String> labels();

  /**
   * Classifies texts without blocking.
   *
   * @param texts the texts
   * @return one classification per text, in order, each scoring every label (softmax probabilities
   *     that sum to 1)
   */
  Future<List<Classification>> classify(List<String> texts);
}
