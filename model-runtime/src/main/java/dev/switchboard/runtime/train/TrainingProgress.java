package dev.switchboard.runtime.train;

/**
 * One progress report of a training run.
 *
 * @param epoch 1-based epoch the report belongs to
 * @param step optimizer steps taken so far (over all epochs)
 * @param totalSteps steps the run would take without early stopping
 * @param loss mean training loss since the previous report
 * @param validationLoss validation loss at the end of the epoch, NaN for mid-epoch reports
 * @param validationAccuracy validation accuracy at the end of the epoch, NaN for mid-epoch reports
 * @param fraction share of the run done, 0 to 1
 * @param endOfEpoch whether this report closes an epoch (validation figures are set)
 */
public record TrainingProgress(
    int epoch,
    long step,
    long totalSteps,
    double loss,
    double validationLoss,
    double validationAccuracy,
    double fraction,
    boolean endOfEpoch) {}
