package dev.switchboard.api.agent;

import dev.switchboard.api.ApiStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The {@link Tool}s that started plugins contribute to the platform, for an agent's loop: list them
 * to offer them to a model, invoke one when the model calls it. A tool runs with its own plugin's
 * configuration, logger and metrics, within the current request (its principal, deadline and
 * cancellation).
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public interface ToolBox {

  /**
   * Describes every tool available now, one per name.
   *
   * @return the specs, never null
   */
  List<ToolSpec> specs();

  /**
   * Runs a tool.
   *
   * @param name the tool's name, as in {@link ToolSpec#name()}
   * @param arguments the arguments object
   * @return the tool's result; fails with a {@link dev.switchboard.api.TaskException}: {@code
   *     NOT_FOUND} for an unknown name, the tool's own code when it failed with one, {@code
   *     INTERNAL} for any other failure
   */
  Future<JsonObject> invoke(String name, JsonObject arguments);
}
