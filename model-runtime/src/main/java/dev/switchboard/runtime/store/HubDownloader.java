package dev.switchboard.runtime.store;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Downloads a model repository from a Hugging Face–compatible hub into a folder ({@code models pull
 * <repo-id> [--revision]}). The endpoint comes from {@code HF_ENDPOINT} (default huggingface.co)
 * and the token from {@code HF_TOKEN}. Each file is written to {@code <name>.incomplete} and
 * renamed when complete; an interrupted download resumes with an HTTP Range request; LFS files
 * (weights) are checked against the sha256 the hub lists, and a mismatch deletes the file and
 * fails.
 */
public final class HubDownloader {
  /** Receives progress per file. */
  @FunctionalInterface
  public interface Progress {
    /** {@code done} of {@code total} bytes of {@code file} are on disk (total -1 if unknown). */
    void update(String file, long done, long total);
  }

  /**
   * One file the hub lists for the revision.
   *
   * @param path path inside the repository
   * @param size bytes (-1 when the hub does not say)
   * @param sha256 hex digest for LFS files, else null
   */
  public record RemoteFile(String path, long size, String sha256) {}

  private final URI endpoint;
  private final String token;
  private final HttpClient http;

  /** A downloader for an endpoint, with an optional bearer token. */
  public HubDownloader(URI endpoint, String token) {
    String e = endpoint.toString();
    this.endpoint = URI.create(e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
    this.token = token == null || token.isBlank() ? null : token;
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20))
            .build();
  }

  /** Endpoint from {@code HF_ENDPOINT}, token from {@code HF_TOKEN}. */
  public static HubDownloader fromEnvironment() {
    String e = System.getenv("HF_ENDPOINT");
    return new HubDownloader(
        URI.create(e == null || e.isBlank() ? "https://huggingface.co" : e),
        System.getenv("HF_TOKEN"));
  }

  /** Whether a file belongs in a runtime model folder (configs, tokenizer, safetensors weights). */
  public static boolean wanted(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.contains("/")) {
      return false; // sub-folders hold other formats (onnx/, openvino/, ...) in practice
    }
    return p.endsWith(".json")
        || p.endsWith(".safetensors")
        || p.endsWith(".jinja")
        || p.endsWith(".txt")
        || p.endsWith(".model")
        || p.endsWith(".md");
  }

  /** Lists the repository's files at a revision. */
  public List<RemoteFile> list(String repoId, String revision) throws IOException {
    URI u =
        URI.create(
            endpoint + "/api/models/" + repoId + "/revision/" + enc(revision) + "?blobs=true");
    HttpResponse<String> r = send(request(u).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(
          "hub "
              + endpoint
              + " answered "
              + r.statusCode()
              + " for "
              + repoId
              + "@"
              + revision
              + (r.statusCode() == 401 || r.statusCode() == 403 ? " (set HF_TOKEN?)" : ""));
    }
    JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
    List<RemoteFile> files = new ArrayList<>();
    for (JsonElement e : o.getAsJsonArray("siblings")) {
      JsonObject s = e.getAsJsonObject();
      String name = s.get("rfilename").getAsString();
      long size = s.has("size") ? s.get("size").getAsLong() : -1;
      String sha = null;
      if (s.has("lfs") && s.get("lfs").isJsonObject()) {
        JsonObject lfs = s.getAsJsonObject("lfs");
        sha = lfs.has("sha256") ? lfs.get("sha256").getAsString() : null;
        size = lfs.has("size") ? lfs.get("size").getAsLong() : size;
      }
      files.add(new RemoteFile(name, size, sha));
    }
    return files;
  }

  /**
   * Downloads the wanted files of {@code repoId} at {@code revision} into {@code target}; files
   * already complete (and verified) are skipped, partial ones resumed.
   *
   * @return the target folder
   */
  public Path pull(String repoId, String revision, Path target, Progress progress)
      throws IOException {
    String rev = revision == null || revision.isBlank() ? "main" : revision;
    Files.createDirectories(target);
    for (RemoteFile f : list(repoId, rev)) {
      if (wanted(f.path())) {
        download(repoId, rev, f, target, progress == null ? (a, b, c) -> {} : progress);
      }
    }
    return target;
  }

  private void download(String repo, String rev, RemoteFile f, Path target, Progress progress)
      throws IOException {
    Path dest = target.resolve(f.path());
    if (Files.exists(dest) && (f.size() < 0 || Files.size(dest) == f.size())) {
      if (f.sha256() == null || f.sha256().equalsIgnoreCase(sha256(dest))) {
        progress.update(f.path(), Files.size(dest), f.size());
        return;
      }
    }
    Path part = target.resolve(f.path() + ".incomplete");
    long have = Files.exists(part) ? Files.size(part) : 0;
    if (f.size() >= 0 && have > f.size()) {
      Files.delete(part);
      have = 0;
    }
    if (f.size() < 0 || have < f.size()) {
      URI u = URI.create(endpoint + "/" + repo + "/resolve/" + enc(rev) + "/" + f.path());
      HttpRequest.Builder b = request(u).GET();
      if (have > 0) {
        b.header("Range", "bytes=" + have + "-");
      }
      HttpResponse<InputStream> r = send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      int status = r.statusCode();
      boolean append = status == 206;
      if (status == 416 && have > 0) {
        r.body().close(); // the server says we already have every byte
      } else if (status != 200 && status != 206) {
        r.body().close();
        throw new IOException("hub answered " + status + " for " + repo + "/" + f.path());
      } else {
        if (!append) {
          have = 0; // server ignored the range: start over
        }
        try (InputStream in = r.body();
            OutputStream out =
                Files.newOutputStream(
                    part,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
          byte[] buf = new byte[1 << 16];
          int n;
          long lastReport = 0;
          while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            have += n;
            if (have - lastReport >= (1 << 22)) {
              progress.update(f.path(), have, f.size());
              lastReport = have;
            }
          }
        }
      }
    }
    long size = Files.size(part);
    if (f.size() >= 0 && size != f.size()) {
      throw new IOException(
          f.path() + ": got " + size + " of " + f.size() + " bytes; run pull again to resume");
    }
    if (f.sha256() != null) {
      String actual = sha256(part);
      if (!actual.equalsIgnoreCase(f.sha256())) {
        Files.delete(part);
        throw new IOException(
            f.path()
                + ": sha256 mismatch, expected "
                + f.sha256()
                + " but got "
                + actual
                + " (deleted)");
      }
    }
    Files.move(part, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    progress.update(f.path(), size, f.size());
  }

  private HttpRequest.Builder request(URI u) {
    HttpRequest.Builder b = HttpRequest.newBuilder(u).timeout(Duration.ofMinutes(30));
    b.header("User-Agent", "switchboard-model-runtime");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> h)
      throws IOException {
    try {
      return http.send(req, h);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Hex sha256 of a file. */
  static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) >= 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
