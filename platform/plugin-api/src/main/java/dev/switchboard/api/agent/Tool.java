package dev.switchboard.api.agent;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskExtension;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** A function the chat loop may call on the model's behalf. */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public interface Tool extends TaskExtension {

  /**
   * Describes the tool to the model.
   *
   * @return the spec, never null
   */
  ToolSpec spec();

  /**
   * Runs the tool.
   *
   * @param arguments the arguments, already parsed from the model's JSON
   * @param ctx the task context of the chat that called it
   * @return the result, shown to the model as a tool message
   */
  Future<JsonObject> invoke(JsonObject arguments, TaskContext ctx);

  /**
   * The tool's name, as the model calls it.
   *
   * @return the spec's name
   */
  @Override
  default String name() {
    return spec().name();
  }
}
