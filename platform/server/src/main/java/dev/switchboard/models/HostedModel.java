package dev.switchboard.models;

import dev.switchboard.api.model.ModelKind;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * One registered model and where it stands.
 *
 * @param name the served name
 * @param kind what it serves
 * @param path its folder, or null for the bundled model
 * @param state registered, loading, loaded, unloaded or failed
 * @param error why it failed, or null
 * @param details architecture, device, whether random, size
 */
public record HostedModel(
    String name, ModelKind kind, Path path, State state, String error, JsonObject details) {

  /** Where a model stands. */
  public enum State {
    LOADING,
    LOADED,
    UNLOADED,
    FAILED
  }

  HostedModel with(State newState, String newError) {
    return new HostedModel(name, kind, path, newState, newError, details);
  }

  /** The JSON form of {@code /api/v1/models}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("kind", kind.wireName())
        .put("path", path == null ? null : path.toString())
        .put("bundled", path == null)
        .put("state", state.name())
        .put("error", error)
        .put("details", details);
  }
}
