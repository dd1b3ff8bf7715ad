package dev.switchboard.runtime.train;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The resumable state of a run in a folder: {@code last/} (weights after the latest completed epoch
 * plus {@code state.json}) and {@code best/} (the best head so far, a normal classifier folder).
 * Each is written to a temporary sibling and renamed, so a crash mid-write leaves the previous
 * checkpoint intact.
 */
final class TrainingCheckpoint {
  private static final Gson GSON = new Gson();

  /**
   * @param fingerprint options, data size and labels; a checkpoint of another run is ignored
   * @param epoch epochs completed
   * @param step optimizer steps taken
   * @param bestEpoch epoch of {@code best/}
   * @param bestLoss its validation loss
   * @param badEpochs epochs since the best one
   */
  record State(
      String fingerprint, int epoch, long step, int bestEpoch, double bestLoss, int badEpochs) {}

  private final Path dir;

  TrainingCheckpoint(Path dir) {
    this.dir = dir;
  }

  /** The state to resume from when it belongs to the same run. */
  State read(String fingerprint) {
    Path state = dir.resolve("last").resolve("state.json");
    if (!Files.isRegularFile(state)
        || !TrainedClassifier.isClassifierFolder(dir.resolve("last"))
        || !TrainedClassifier.isClassifierFolder(dir.resolve("best"))) {
      return null;
    }
    try {
      JsonObject o =
          JsonParser.parseString(Files.readString(state, StandardCharsets.UTF_8)).getAsJsonObject();
      State s = GSON.fromJson(o, State.class);
      return fingerprint.equals(s.fingerprint()) ? s : null;
    } catch (IOException | RuntimeException e) {
      return null; // unreadable checkpoint: start over rather than fail the job
    }
  }

  TrainedClassifier last() {
    return TrainedClassifier.load(dir.resolve("last"));
  }

  TrainedClassifier best() {
    return TrainedClassifier.load(dir.resolve("best"));
  }

  void writeBest(TrainedClassifier best) {
    replace(dir, "best", tmp -> best.save(tmp));
  }

  void writeLast(TrainedClassifier last, State state) {
    replace(
        dir,
        "last",
        tmp -> {
          last.save(tmp);
          try {
            Files.writeString(
                tmp.resolve("state.json"), GSON.toJson(state), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * Writes {@code dir/name} through {@code writer} into a temporary sibling, then swaps it in, so a
   * crash mid-write leaves the previous folder intact.
   */
  static void replace(Path dir, String name, java.util.function.Consumer<Path> writer) {
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(name + ".tmp");
      deleteTree(tmp);
      writer.accept(tmp);
      Path target = dir.resolve(name);
      Path old = dir.resolve(name + ".old");
      deleteTree(old);
      if (Files.exists(target)) {
        Files.move(target, old);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
      deleteTree(old);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint in " + dir, e);
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
