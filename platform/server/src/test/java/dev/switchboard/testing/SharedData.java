package dev.switchboard.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The shared data folder beside the repository clone ({@code ../shared} from the repo root). */
public final class SharedData {

  private SharedData() {}

  /** The repository root: the nearest folder up from here holding {@code mvnw}. */
  public static Path repoRoot() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "not inside the repository: no mvnw above " + Paths.get("").toAbsolutePath());
    }
    return dir;
  }

  /** A file under {@code ../shared/}, failing with a message that says where it was looked for. */
  public static Path file(String relative) {
    Path file = repoRoot().resolve("../shared").resolve(relative).normalize();
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "missing shared test data "
              + file
              + ": these tests need the shared/ folder beside the repository clone"
              + " (shared/"
              + relative
              + ")");
    }
    return file;
  }
}
