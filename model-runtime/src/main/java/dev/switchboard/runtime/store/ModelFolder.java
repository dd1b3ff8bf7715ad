package dev.switchboard.runtime.store;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A model folder in Hugging Face layout and its {@code config.json}. */
public final class ModelFolder {
  private final Path path;
  private final JsonObject config;

  private ModelFolder(Path path, JsonObject config) {
    this.path = path;
    this.config = config;
  }

  /** Opens a folder; fails with a clear message when config.json is missing or malformed. */
  public static ModelFolder open(Path path) {
    Path cfg = path.resolve("config.json");
    if (!Files.isRegularFile(cfg)) {
      throw new IllegalArgumentException(path + " is not a model folder: no config.json");
    }
    try {
      return new ModelFolder(path, JsonParser.parseString(Files.readString(cfg)).getAsJsonObject());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(cfg + ": malformed config: " + e, e);
    }
  }

  /** Folder path. */
  public Path path() {
    return path;
  }

  /** The parsed config.json. */
  public JsonObject config() {
    return config;
  }

  /** {@code model_type}, lower case, or "" when absent. */
  public String modelType() {
    return config.has("model_type") ? config.get("model_type").getAsString() : "";
  }

  /** True for checkpoints written by {@link RandomCheckpoint}. */
  public boolean isRandom() {
    return config.has("switchboard_random") && config.get("switchboard_random").getAsBoolean();
  }

  /** Required integer field, with an error naming the file. */
  public int requireInt(String key) {
    if (!config.has(key) || config.get(key).isJsonNull()) {
      throw new IllegalArgumentException(path.resolve("config.json") + ": missing '" + key + "'");
    }
    return config.get(key).getAsInt();
  }

  /** Optional integer field. */
  public int optInt(String key, int dflt) {
    return config.has(key) && !config.get(key).isJsonNull() ? config.get(key).getAsInt() : dflt;
  }

  /** Optional double field. */
  public double optDouble(String key, double dflt) {
    return config.has(key) && !config.get(key).isJsonNull() ? config.get(key).getAsDouble() : dflt;
  }

  /** Optional boolean field. */
  public boolean optBool(String key, boolean dflt) {
    return config.has(key) && !config.get(key).isJsonNull() ? config.get(key).getAsBoolean() : dflt;
  }

  /** Optional string field. */
  public String optString(String key, String dflt) {
    return config.has(key) && !config.get(key).isJsonNull() ? config.get(key).getAsString() : dflt;
  }
}
