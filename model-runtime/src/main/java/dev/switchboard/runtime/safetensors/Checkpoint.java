package dev.switchboard.runtime.safetensors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The weights of one model folder: either {@code model.safetensors} or the shards listed in {@code
 * model.safetensors.index.json}. Tensors are looked up by name across shards.
 */
public final class Checkpoint implements AutoCloseable {
  /** Name of a single-file checkpoint. */
  public static final String SINGLE = "model.safetensors";

  /** Name of the shard index. */
  public static final String INDEX = "model.safetensors.index.json";

  private final Path folder;
  private final List<SafetensorsFile> files;
  private final Map<String, SafetensorsFile> byTensor;

  private Checkpoint(Path folder, List<SafetensorsFile> files, Map<String, SafetensorsFile> byT) {
    this.folder = folder;
    this.files = files;
    this.byTensor = byT;
  }

  /** Opens the checkpoint in a model folder (sharded index preferred when both exist). */
  public static Checkpoint open(Path folder) {
    Path index = folder.resolve(INDEX);
    List<SafetensorsFile> files = new ArrayList<>();
    Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
    try {
      if (Files.exists(index)) {
        JsonObject weightMap;
        try {
          weightMap =
              JsonParser.parseString(Files.readString(index))
                  .getAsJsonObject()
                  .getAsJsonObject("weight_map");
        } catch (IOException | RuntimeException e) {
          throw new CheckpointException(index + ": cannot parse shard index: " + e, e);
        }
        if (weightMap == null) {
          throw new CheckpointException(index + ": no weight_map");
        }
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : weightMap.entrySet()) {
          String shard = e.getValue().getAsString();
          SafetensorsFile f = shards.get(shard);
          if (f == null) {
            Path p = folder.resolve(shard);
            if (!Files.exists(p)) {
              throw new CheckpointException(
                  index + ": shard " + shard + " (for tensor '" + e.getKey() + "') is missing");
            }
            f = SafetensorsFile.open(p);
            shards.put(shard, f);
            files.add(f);
          }
          if (!f.tensors().containsKey(e.getKey())) {
            throw new CheckpointException(
                f.path() + ": missing tensor '" + e.getKey() + "' listed in " + INDEX);
          }
          byTensor.put(e.getKey(), f);
        }
      } else {
        Path single = folder.resolve(SINGLE);
        if (!Files.exists(single)) {
          throw new CheckpointException(
              folder + ": neither " + SINGLE + " nor " + INDEX + " found");
        }
        SafetensorsFile f = SafetensorsFile.open(single);
        files.add(f);
        for (String name : f.tensors().keySet()) {
          byTensor.put(name, f);
        }
      }
    } catch (RuntimeException e) {
      files.forEach(SafetensorsFile::close);
      throw e;
    }
    return new Checkpoint(folder, files, byTensor);
  }

  /** All tensor names. */
  public Set<String> names() {
    return byTensor.keySet();
  }

  /** Whether the checkpoint holds a tensor. */
  public boolean has(String name) {
    return byTensor.containsKey(name);
  }

  /** The entry, or a {@link CheckpointException} naming the folder and tensor. */
  public TensorInfo info(String name) {
    return fileOf(name).info(name);
  }

  /** Reads a float tensor of any shape, widened to float32. */
  public float[] readFloats(String name) {
    return fileOf(name).readFloats(name);
  }

  /** Reads a float tensor after checking that its shape is exactly {@code shape}. */
  public float[] readFloats(String name, long... shape) {
    return fileOf(name).readFloats(name, shape);
  }

  private SafetensorsFile fileOf(String name) {
    SafetensorsFile f = byTensor.get(name);
    if (f == null) {
      String where = files.size() == 1 ? files.get(0).path().toString() : folder + "/" + INDEX;
      throw new CheckpointException(where + ": missing tensor '" + name + "'");
    }
    return f;
  }

  /** Describes the shape for messages. */
  public static String shape(long[] s) {
    return Arrays.toString(s);
  }

  @Override
  public void close() {
    files.forEach(SafetensorsFile::close);
  }
}
