package dev.switchboard.training;

import dev.switchboard.api.TaskException;
import dev.switchboard.datasets.VersionExample;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A classification dataset version split for training: examples without a label are skipped;
 * examples never split count as training data (the trainer then holds out its own validation
 * share).
 *
 * @param labels the labels of the training examples, sorted: the head's classes
 * @param train training texts and labels
 * @param validation validation texts and labels (may be empty)
 * @param test test texts and labels (may be empty; then no test metrics)
 */
record LabelledSplits(
    List<String> labels, List<Labelled> train, List<Labelled> validation, List<Labelled> test) {

  /** A text and its label. */
  record Labelled(String text, String label) {}

  static LabelledSplits of(List<VersionExample> examples) {
    List<Labelled> train = new ArrayList<>();
    List<Labelled> validation = new ArrayList<>();
    List<Labelled> test = new ArrayList<>();
    for (VersionExample e : examples) {
      if (e.label() == null || e.label().isBlank() || e.text() == null) {
        continue;
      }
      Labelled l = new Labelled(e.text(), e.label());
      String split = e.split() == null ? "train" : e.split();
      switch (split) {
        case "validation" -> validation.add(l);
        case "test" -> test.add(l);
        default -> train.add(l);
      }
    }
    TreeSet<String> labels = new TreeSet<>();
    train.forEach(l -> labels.add(l.label()));
    if (labels.size() < 2) {
      throw TaskException.invalid(
          "the dataset version needs labelled training examples of at least 2 labels, has "
              + labels.size());
    }
    return new LabelledSplits(List.copyOf(labels), train, validation, test);
  }

  /** The label's class id, or -1 for a label the head does not know. */
  int id(String label) {
    int i = java.util.Collections.binarySearch(labels, label);
    return i < 0 ? -1 : i;
  }
}
