package dev.switchboard.api.model;

import dev.switchboard.api.ApiStatus;
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
   * Every registered model.
   *
   * @return the models, never null
   */
  List<ModelInfo> list();
}
