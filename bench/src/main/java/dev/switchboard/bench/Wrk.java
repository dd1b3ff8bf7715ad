package dev.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (Debian's package) as a separate process and reads its throughput and latency lines. */
final class Wrk {

  /**
   * One wrk run's figures.
   *
   * @param requestsPerSecond throughput
   * @param p50Ms median latency
   * @param p99Ms 99th percentile latency
   * @param errors non-2xx responses plus socket errors
   */
  record Result(double requestsPerSecond, double p50Ms, double p99Ms, long errors) {}

  private Wrk() {}

  static void requireInstalled() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", "command -v wrk").start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("wrk is not installed: apt-get install -y wrk");
    }
  }

  static Result post(String url, String jsonBody, int threads, int connections, int seconds)
      throws IOException, InterruptedException {
    Path script = Files.createTempFile("wrk-", ".lua");
    Files.writeString(
        script,
        "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [["
            + jsonBody
            + "]]\n",
        StandardCharsets.UTF_8);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency",
                "-s",
                script.toString(),
                url));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + out);
    }
    Files.deleteIfExists(script);
    return parse(out);
  }

  static Result parse(String out) {
    double rps = number(out, "Requests/sec:\\s+([0-9.]+)");
    double p50 = latency(out, "50%");
    double p99 = latency(out, "99%");
    long errors = 0;
    Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)").matcher(out);
    if (non2xx.find()) {
      errors += Long.parseLong(non2xx.group(1));
    }
    Matcher socket =
        Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
            .matcher(out);
    if (socket.find()) {
      for (int i = 1; i <= 4; i++) {
        errors += Long.parseLong(socket.group(i));
      }
    }
    return new Result(rps, p50, p99, errors);
  }

  private static double number(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("unexpected wrk output:\n" + out);
    }
    return Double.parseDouble(m.group(1));
  }

  private static double latency(String out, String percentile) {
    Matcher m =
        Pattern.compile("\\s" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no " + percentile + " latency in wrk output:\n" + out);
    }
    double value = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> value / 1000.0;
      case "s" -> value * 1000.0;
      default -> value;
    };
  }
}
