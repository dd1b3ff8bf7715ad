package dev.switchboard.datasets;

import java.util.List;

/** The split names. */
public final class Splits {

  /** train, validation, test — in that order everywhere. */
  public static final List<String> NAMES = List.of("train", "validation", "test");

  private Splits() {}
}
