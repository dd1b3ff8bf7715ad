package dev.switchboard.datasets;

import io.vertx.core.json.JsonObject;

/**
 * The quality filters every example passes on its way in (import, edit, promote): no empty text,
 * nothing longer than {@link #MAX_CHARS}, a label from the dataset's label set when it fixes one,
 * and what the dataset's task needs (a label for classification, relevant ids for retrieval).
 */
public final class QualityRules {

  /** Longest text (input plus expected output) an example may have, in characters. */
  public static final int MAX_CHARS = 20_000;

  /** Longest label. */
  public static final int MAX_LABEL_CHARS = 200;

  private QualityRules() {}

  /**
   * Why an example breaks a rule.
   *
   * @return the reason, or null when it passes
   */
  public static String problem(Dataset dataset, ExampleDraft draft) {
    if (draft.text() == null || draft.text().isBlank()) {
      return "empty text";
    }
    int length =
        draft.text().length() + (draft.output() == null ? 0 : outputLength(draft.output()));
    if (draft.input().containsKey("messages")) {
      length =
          draft.input().encode().length()
              + (draft.output() == null ? 0 : outputLength(draft.output()));
    }
    if (length > MAX_CHARS) {
      return "too long: " + length + " characters, at most " + MAX_CHARS;
    }
    String label = draft.label();
    if (label != null && label.length() > MAX_LABEL_CHARS) {
      return "label longer than " + MAX_LABEL_CHARS + " characters";
    }
    if (dataset.task() == Task.CLASSIFICATION && (label == null || label.isBlank())) {
      return "missing label";
    }
    if (label != null && !dataset.allows(label)) {
      return "label '" + label + "' is not in the dataset's label set";
    }
    if (dataset.task() == Task.RETRIEVAL
        && (draft.output() == null
            || draft.output().getJsonArray("relevant") == null
            || draft.output().getJsonArray("relevant").isEmpty())) {
      return "missing relevant document ids";
    }
    if (draft.split() != null && !Splits.NAMES.contains(draft.split())) {
      return "split must be train, validation or test";
    }
    return null;
  }

  private static int outputLength(JsonObject output) {
    Object content = output.getValue("content");
    return content instanceof String s ? s.length() : output.encode().length();
  }
}
