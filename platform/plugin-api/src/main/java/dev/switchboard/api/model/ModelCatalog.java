package dev.switchboard.api.model;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.TaskException;
import java.util.List;

/**
 * The locally hosted models a plugin may use. Look-ups fail with a {@link
 * dev.switchboard.api.TaskException}: {@code NOT_FOUND} for an unknown name, {@code UNAVAILABLE}
 * when no model of that kind is configured (its message says how to add one).
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public interface ModelCatalog {

  /**
   * A generation model.
   *
   * @param name the model name, or null for the default chat model
   * @return the handle, never null
   */
  ChatModelHandle chat(String name);

  /**
   * An embedding model.
   *
   * @param name the model name, or null for the default ({@code all-minilm-l6-v2})
   * @return the handle, never null
   */
  EmbeddingModelHandle embeddings(String name);

  /**
   * A trained classifier. Without a version the host serves the active one: the version pinned by a
   * promote step, else the latest that finished training.
   *
   * @param name the classifier's name, optionally with a version as {@code name@3}
   * @return the handle, never null
   * @throws TaskException {@code NOT_FOUND} when no such classifier (or version) exists; catalogs
   *     that predate trained classifiers always throw it
   */
  @ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
  default ClassifierModelHandle classifier(String name) {
    throw TaskException.notFound("unknown classifier " + name);
  }

  /**
   * Every registered model.
   *
   * @return the models, never null
   */
  List<ModelInfo> list();
}
