package dev.switchboard.runtime.train;

import java.util.List;

/**
 * Outcome of {@link ClassifierTrainer#train}.
 *
 * @param classifier the head with the lowest validation loss (the last one without validation)
 * @param epochs epochs completed, including those of a resumed run
 * @param bestEpoch epoch whose weights {@link #classifier()} holds
 * @param stoppedEarly whether early stopping ended the run before its last epoch
 * @param resumedFromEpoch epochs taken over from a checkpoint, 0 for a fresh run
 * @param history one end-of-epoch report per epoch completed in this call
 */
public record TrainingResult(
    TrainedClassifier classifier,
    int epochs,
    int bestEpoch,
    boolean stoppedEarly,
    int resumedFromEpoch,
    List<TrainingProgress> history) {}
