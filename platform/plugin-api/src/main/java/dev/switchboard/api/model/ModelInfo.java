package dev.switchboard.api.model;

import dev.switchboard.api.ApiStatus;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A hosted model as the catalog lists it.
 *
 * @param name the model's name, unique per kind
 * @param kind what it does
 * @param device where it runs, such as {@code cpu} or {@code gpu0}
 * @param loaded whether its weights are in memory
 * @param details anything else, such as the architecture and context length, never null
 */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public record ModelInfo(
    String name, ModelKind kind, String device, boolean loaded, JsonObject details) {

  /**
   * Validates the fields.
   *
   * @param name the name
   * @param kind the kind
   * @param device the device
   * @param loaded whether loaded
   * @param details the details
   */
  public ModelInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    details = details == null ? new JsonObject() : details;
  }
}
