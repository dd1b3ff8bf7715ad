package dev.switchboard.api.classify;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskExtension;
import io.vertx.core.Future;
import java.util.List;

/** Serves classification tasks: texts in, one {@link Classification} per text out, in order. */
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public interface Classifier extends TaskExtension {

  /**
   * Classifies a batch of texts.
   *
   * @param request the texts and the classifier to use
   * @param ctx the task context
   * @return one classification per input, in input order
   */
  Future<List<Classification>> classify(ClassifyRequest request, TaskContext ctx);
}
