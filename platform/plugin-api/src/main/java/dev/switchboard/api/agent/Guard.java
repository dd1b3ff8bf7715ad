package dev.switchboard.api.agent;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskExtension;
import io.vertx.core.Future;

/** An input and output filter that runs before and after tasks. */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public interface Guard extends TaskExtension {

  /**
   * Checks a text.
   *
   * @param input the text and where it comes from
   * @param ctx the task context
   * @return the verdict
   */
  Future<GuardVerdict> check(GuardInput input, TaskContext ctx);
}
