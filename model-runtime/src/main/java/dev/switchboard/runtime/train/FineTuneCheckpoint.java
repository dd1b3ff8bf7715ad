package dev.switchboard.runtime.train;

import com.google.gson.Gson;
import dev.switchboard.runtime.encoder.BertWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The resumable state of a fine-tuning run in a folder: {@code last/} holds the weights as a
 * Hugging Face folder, the optimizer's moments ({@value #OPTIMIZER}) and {@code state.json}. It is
 * written to a temporary sibling and swapped in, so a crash mid-write leaves the previous
 * checkpoint intact.
 */
final class FineTuneCheckpoint {
  static final String OPTIMIZER = "optimizer.safetensors";
  private static final String STATE = "state.json";
  private static final Gson GSON = new Gson();

  /**
   * @param fingerprint options, base model, data and labels; a checkpoint of another run is ignored
   * @param step optimizer steps taken
   */
  record State(String fingerprint, long step) {}

  private final Path dir;

  FineTuneCheckpoint(Path dir) {
    this.dir = dir;
  }

  /** The folder the weights are loaded from on resume. */
  Path model() {
    return dir.resolve("last");
  }

  Path optimizer() {
    return model().resolve(OPTIMIZER);
  }

  /** The state to resume from when a complete checkpoint of the same run is there. */
  State read(String fingerprint) {
    Path state = model().resolve(STATE);
    if (!Files.isRegularFile(state)
        || !Files.isRegularFile(optimizer())
        || !Files.isRegularFile(model().resolve("model.safetensors"))) {
      return null;
    }
    try {
      State s = GSON.fromJson(Files.readString(state, StandardCharsets.UTF_8), State.class);
      return s != null && fingerprint.equals(s.fingerprint()) ? s : null;
    } catch (IOException | RuntimeException e) {
      return null; // unreadable checkpoint: start over rather than fail the job
    }
  }

  void write(BertWeights weights, Path base, List<String> labels, AdamW optimizer, State state) {
    TrainingCheckpoint.replace(
        dir,
        "last",
        tmp -> {
          FineTunedEncoder.writeModel(tmp, weights, base, labels);
          optimizer.save(tmp.resolve(OPTIMIZER));
          try {
            Files.writeString(tmp.resolve(STATE), GSON.toJson(state), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
