package dev.switchboard.training;

import io.vertx.core.Future;
import java.util.UUID;

/** Starts an evaluation run of a classifier version on a dataset version's test split. */
@FunctionalInterface
public interface TestSplitEvaluation {

  /**
   * @return the eval run's id
   */
  Future<String> submit(UUID datasetVersionId, String classifier, int version);
}
