package dev.switchboard.runtime.train;

/**
 * Accuracy and macro-F1 of predicted against true class ids.
 *
 * @param accuracy share of exact matches
 * @param macroF1 unweighted mean of per-class F1 over the classes present in the truth or the
 *     predictions (a class absent from both has no F1 and is left out)
 * @param examples number of examples scored
 */
public record ClassificationMetrics(double accuracy, double macroF1, int examples) {

  /** Scores predictions; both arrays index the same examples. */
  public static ClassificationMetrics of(int[] truth, int[] predicted, int classes) {
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException(
          truth.length + " labels but " + predicted.length + " predictions");
    }
    long[] tp = new long[classes];
    long[] fp = new long[classes];
    long[] fn = new long[classes];
    int correct = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] == predicted[i]) {
        correct++;
        tp[truth[i]]++;
      } else {
        fn[truth[i]]++;
        fp[predicted[i]]++;
      }
    }
    double f1Sum = 0;
    int present = 0;
    for (int c = 0; c < classes; c++) {
      if (tp[c] + fp[c] + fn[c] == 0) {
        continue;
      }
      present++;
      f1Sum += 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
    }
    return new ClassificationMetrics(
        truth.length == 0 ? 0 : (double) correct / truth.length,
        present == 0 ? 0 : f1Sum / present,
        truth.length);
  }

  /** Scores a head on embedded examples. */
  public static ClassificationMetrics of(TrainedClassifier head, TrainingData data) {
    int[] pred = new int[data.size()];
    for (int i = 0; i < pred.length; i++) {
      pred[i] = head.predict(data.x()[i]);
    }
    return of(data.y(), pred, data.labels().size());
  }
}
