package dev.switchboard.runtime.train;

import ai.djl.training.tracker.LinearTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;

/** Linear warmup from 0 to the peak, then cosine or linear decay to 0, as a DJL {@link Tracker}. */
final class LearningRateSchedule {
  private LearningRateSchedule() {}

  /**
   * @param offset steps already taken (a resumed run continues the curve; DJL's optimizer counts
   *     updates from 0 again)
   */
  static Tracker of(TrainOptions o, int totalSteps, int offset) {
    int warmup = (int) Math.floor(totalSteps * (double) o.warmupFraction());
    int decaySteps = Math.max(1, totalSteps - warmup);
    float lr = o.learningRate();
    Tracker main =
        o.decay().equals("cosine")
            ? Tracker.cosine().setBaseValue(lr).optFinalValue(0f).setMaxUpdates(decaySteps).build()
            : linear(lr, decaySteps);
    Tracker schedule =
        warmup == 0
            ? main
            : Tracker.warmUp()
                .optWarmUpBeginValue(0f)
                .optWarmUpSteps(warmup)
                .optWarmUpMode(WarmUpTracker.Mode.LINEAR)
                .setMainTracker(main)
                .build();
    return step -> schedule.getNewValue(step + offset);
  }

  private static Tracker linear(float lr, int steps) {
    // LinearTracker clamps with optMinValue; the slope reaches 0 exactly at the last step.
    return LinearTracker.builder().setBaseValue(lr).optSlope(-lr / steps).optMinValue(0f).build();
  }
}
