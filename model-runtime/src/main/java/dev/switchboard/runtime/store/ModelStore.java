package dev.switchboard.runtime.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Model folders in Hugging Face layout under one root, by default {@code
 * $SWITCHBOARD_HOME/models/<name>/} ({@code ~/.switchboard/models}). Backs the CLI ({@code models
 * list | rm | pull | create-random}) and the server's start-up scan; the database registration is
 * the server's job.
 */
public final class ModelStore {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** What a folder can serve. */
  public enum Kind {
    /** A decoder LM (llama, qwen2, mistral). */
    CHAT,
    /** A BERT encoder without a classification head. */
    EMBEDDING,
    /** A BERT encoder with a sequence-classification head. */
    CLASSIFIER,
    /** Anything else (listed, not loadable). */
    UNKNOWN
  }

  /**
   * One model folder.
   *
   * @param name folder name, also the default served name
   * @param kind what it serves
   * @param path folder
   * @param modelType config.json model_type
   * @param random written by {@link RandomCheckpoint}
   * @param bytes total size of its files
   */
  public record StoredModel(
      String name, Kind kind, Path path, String modelType, boolean random, long bytes) {}

  private final Path root;

  /** A store rooted at {@code root} (created on first write). */
  public ModelStore(Path root) {
    this.root = root;
  }

  /** {@code $SWITCHBOARD_HOME/models}, defaulting to {@code ~/.switchboard/models}. */
  public static ModelStore defaultStore() {
    String home = System.getenv("SWITCHBOARD_HOME");
    Path base =
        home == null || home.isBlank()
            ? Path.of(System.getProperty("user.home"), ".switchboard")
            : Path.of(home);
    return new ModelStore(base.resolve("models"));
  }

  /** The root folder. */
  public Path root() {
    return root;
  }

  /** Folder for a name, rejecting names that could escape the root. */
  public Path folder(String name) {
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException("invalid model name '" + name + "'");
    }
    return root.resolve(name);
  }

  /** Every folder with a config.json, by name. */
  public List<StoredModel> list() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<StoredModel> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      for (Path p : s.sorted().toList()) {
        if (Files.isRegularFile(p.resolve("config.json"))) {
          out.add(inspect(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The model of that name, if present. */
  public Optional<StoredModel> find(String name) {
    Path p = folder(name);
    return Files.isRegularFile(p.resolve("config.json"))
        ? Optional.of(inspect(p))
        : Optional.empty();
  }

  /** Writes a random checkpoint of one of {@link RandomCheckpoint#SHAPES}. */
  public StoredModel createRandom(String name, String shape, long seed) {
    Path p = folder(name);
    if (Files.exists(p)) {
      throw new IllegalStateException("model '" + name + "' already exists at " + p);
    }
    RandomCheckpoint.create(p, shape, seed);
    return inspect(p);
  }

  /** Downloads a hub repository into the store (resuming a previous partial pull). */
  public StoredModel pull(
      HubDownloader hub,
      String repoId,
      String revision,
      String name,
      HubDownloader.Progress progress)
      throws IOException {
    Path p = folder(name == null ? repoId.substring(repoId.lastIndexOf('/') + 1) : name);
    hub.pull(repoId, revision, p, progress);
    return inspect(p);
  }

  /** Deletes a model folder. */
  public void remove(String name) {
    Path p = folder(name);
    if (!Files.exists(p)) {
      throw new IllegalArgumentException("no model '" + name + "'");
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Describes a folder from its config.json. */
  public static StoredModel inspect(Path folder) {
    ModelFolder f = ModelFolder.open(folder);
    String type = f.modelType();
    Kind kind;
    if (type.equals("llama") || type.equals("qwen2") || type.equals("mistral")) {
      kind = Kind.CHAT;
    } else if (type.equals("bert")) {
      boolean cls =
          f.config().has("architectures")
              && f.config().get("architectures").toString().contains("ForSequenceClassification");
      kind = cls ? Kind.CLASSIFIER : Kind.EMBEDDING;
    } else {
      kind = Kind.UNKNOWN;
    }
    long bytes;
    try (Stream<Path> s = Files.walk(folder)) {
      bytes =
          s.filter(Files::isRegularFile)
              .mapToLong(
                  p -> {
                    try {
                      return Files.size(p);
                    } catch (IOException e) {
                      return 0;
                    }
                  })
              .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new StoredModel(
        folder.getFileName().toString(), kind, folder, type, f.isRandom(), bytes);
  }
}
