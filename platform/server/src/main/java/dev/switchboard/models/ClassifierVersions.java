package dev.switchboard.models;

import dev.switchboard.api.TaskException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trained classifiers as model versions. Each version is a folder {@code
 * <models>/classifiers/<name>/v<N>/} (a head over embeddings, or a fine-tuned encoder in Hugging
 * Face layout) and a {@code models} row (kind {@code classifier}, version N, metadata: labels,
 * architecture, embedding or base model, metrics). The folders are the source of truth: start-up
 * loads every version found on disk and (re)writes its row.
 *
 * <p>Which version a bare name serves: the one pinned by {@link #promote} (the row whose metadata
 * has {@code "pinned": true}), else the highest version. A route or request may still ask for a
 * specific version ({@code name@N}, or the classifier plugin's {@code version} param).
 */
public final class ClassifierVersions {

  /** Classifier names: the same alphabet as model names. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private static final Pattern VERSION_DIR = Pattern.compile("v([1-9][0-9]{0,8})");
  private static final Logger LOG = LoggerFactory.getLogger(ClassifierVersions.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Path root;
  private final Map<String, NavigableMap<Integer, ClassifierVersion>> versions =
      new ConcurrentHashMap<>();
  private final Map<String, Integer> pins = new ConcurrentHashMap<>();

  ClassifierVersions(Vertx vertx, Pool pool, Path modelsDir) {
    this.vertx = vertx;
    this.pool = pool;
    this.root = modelsDir.resolve("classifiers");
  }

  /** Loads every version on disk, records them, and reads the pins. */
  Future<Void> start() {
    return vertx
        .executeBlocking(this::scan, false)
        .compose(
            found -> {
              List<Future<Void>> rows = new ArrayList<>();
              for (ClassifierVersion v : found) {
                put(v);
                rows.add(persist(v));
              }
              return Future.join(rows).mapEmpty();
            })
        .compose(
            x ->
                pool.query(
                        "SELECT name, version FROM models WHERE kind = 'classifier'"
                            + " AND metadata @> '{\"pinned\": true}'")
                    .execute())
        .map(
            rows -> {
              for (Row r : rows) {
                pins.put(r.getString("name"), r.getInteger("version"));
              }
              LOG.atInfo()
                  .addKeyValue("classifiers", versions.size())
                  .log("trained classifiers loaded");
              return null;
            });
  }

  private List<ClassifierVersion> scan() {
    List<ClassifierVersion> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> names = Files.list(root)) {
      for (Path dir : names.sorted().toList()) {
        String name = dir.getFileName().toString();
        if (!Files.isDirectory(dir) || !NAME.matcher(name).matches()) {
          continue;
        }
        try (Stream<Path> vs = Files.list(dir)) {
          for (Path v : vs.sorted().toList()) {
            Matcher m = VERSION_DIR.matcher(v.getFileName().toString());
            if (m.matches() && ClassifierVersion.isVersionFolder(v)) {
              try {
                out.add(ClassifierVersion.load(name, Integer.parseInt(m.group(1)), v));
              } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("path", v).setCause(e).log("classifier version skipped");
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    return out;
  }

  /**
   * Claims the folder of the next version of {@code name} (blocking; call off the event loop). The
   * folder is created empty, so two claims never share it.
   *
   * @return the new, empty folder {@code classifiers/<name>/v<N>}
   */
  public Path claimNextFolder(String name) {
    if (!NAME.matcher(name).matches()) {
      throw TaskException.invalid("classifier name must match " + NAME.pattern());
    }
    try {
      Path dir = root.resolve(name);
      Files.createDirectories(dir);
      int next = 1;
      try (Stream<Path> vs = Files.list(dir)) {
        for (Path v : vs.toList()) {
          Matcher m = VERSION_DIR.matcher(v.getFileName().toString());
          if (m.matches()) {
            next = Math.max(next, Integer.parseInt(m.group(1)) + 1);
          }
        }
      }
      while (true) {
        Path candidate = dir.resolve("v" + next);
        try {
          return Files.createDirectory(candidate);
        } catch (java.nio.file.FileAlreadyExistsException e) {
          next++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a version folder for " + name, e);
    }
  }

  /**
   * Serves a version (a head or a fine-tuned encoder) written into a folder from {@link
   * #claimNextFolder} and records its row.
   */
  public Future<ClassifierVersion> register(String name, Path folder) {
    Matcher m = VERSION_DIR.matcher(folder.getFileName().toString());
    if (!m.matches()) {
      return Future.failedFuture(new IllegalArgumentException("not a version folder: " + folder));
    }
    int version = Integer.parseInt(m.group(1));
    return vertx
        .executeBlocking(() -> ClassifierVersion.load(name, version, folder), false)
        .compose(v -> persist(v).map(x -> v))
        .onSuccess(this::put);
  }

  /** Pins a version as the one a bare name serves; fails with 404 for an unknown version. */
  public Future<ClassifierVersion> promote(String name, int version) {
    ClassifierVersion v = find(name, version);
    return pool.preparedQuery(
            "UPDATE models SET metadata = CASE WHEN version = $2"
                + " THEN metadata || '{\"pinned\": true}'::jsonb ELSE metadata - 'pinned' END"
                + " WHERE name = $1 AND kind = 'classifier'")
        .execute(Tuple.of(name, version))
        .map(
            x -> {
              pins.put(name, version);
              return v;
            });
  }

  /** Drops the pin: the bare name serves the latest version again. */
  public Future<Void> unpin(String name) {
    return pool.preparedQuery(
            "UPDATE models SET metadata = metadata - 'pinned' WHERE name = $1 AND kind = 'classifier'")
        .execute(Tuple.of(name))
        .map(
            x -> {
              pins.remove(name);
              return null;
            });
  }

  /**
   * The version {@code ref} names: {@code name} (the active version) or {@code name@N}.
   *
   * @throws TaskException NOT_FOUND for an unknown classifier or version
   */
  public ClassifierVersion resolve(String ref) {
    if (ref == null) {
      throw TaskException.notFound("name a classifier");
    }
    int at = ref.lastIndexOf('@');
    if (at < 0) {
      return active(ref);
    }
    int version;
    try {
      version = Integer.parseInt(ref.substring(at + 1));
    } catch (NumberFormatException e) {
      throw TaskException.notFound("unknown classifier " + ref + " (versions are name@N)");
    }
    return find(ref.substring(0, at), version);
  }

  private ClassifierVersion active(String name) {
    NavigableMap<Integer, ClassifierVersion> all = versions.get(name);
    if (all == null || all.isEmpty()) {
      throw TaskException.notFound("unknown classifier " + name);
    }
    Integer pinned = pins.get(name);
    ClassifierVersion v = pinned == null ? null : all.get(pinned);
    return v != null ? v : all.lastEntry().getValue();
  }

  private ClassifierVersion find(String name, int version) {
    NavigableMap<Integer, ClassifierVersion> all = versions.get(name);
    ClassifierVersion v = all == null ? null : all.get(version);
    if (v == null) {
      throw TaskException.notFound("unknown classifier " + name + "@" + version);
    }
    return v;
  }

  /** Every version, by name then version, with whether it is active and pinned. */
  public List<JsonObject> list() {
    List<JsonObject> out = new ArrayList<>();
    versions.keySet().stream()
        .sorted()
        .forEach(
            name -> {
              ClassifierVersion active = active(name);
              Integer pinned = pins.get(name);
              for (ClassifierVersion v : versions.get(name).values()) {
                out.add(
                    v.toJson(
                        v.version() == active.version(), pinned != null && pinned == v.version()));
              }
            });
    return out;
  }

  private void put(ClassifierVersion v) {
    versions.computeIfAbsent(v.name(), n -> new ConcurrentSkipListMap<>()).put(v.version(), v);
  }

  private Future<Void> persist(ClassifierVersion v) {
    // A re-scan rewrites the row but keeps a pin set by promote.
    return pool.preparedQuery(
            "INSERT INTO models (name, version, kind, path, metadata)"
                + " VALUES ($1, $2, 'classifier', $3, $4)"
                + " ON CONFLICT (name, version) DO UPDATE SET kind = 'classifier', path = $3,"
                + " metadata = $4 || (CASE WHEN models.metadata @> '{\"pinned\": true}'"
                + " THEN '{\"pinned\": true}'::jsonb ELSE '{}'::jsonb END)")
        .execute(Tuple.of(v.name(), v.version(), v.path().toString(), v.metadata()))
        .mapEmpty();
  }
}
