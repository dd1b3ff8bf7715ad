package dev.switchboard.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's chromium, headless, driven by Playwright without any browser download. Browser tests get
 * it through {@link ChromiumPages}.
 */
final class Chromium {

  static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

  /** Where browser tests leave their screenshots (the module's target folder). */
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Chromium() {}

  /**
   * Skips the calling test class when chromium is missing outside CI (with the command that
   * installs it); in CI, where {@code .ci/run} installs it, its absence is a failure.
   */
  static void requireInstalled() {
    if (!Files.isExecutable(EXECUTABLE)) {
      Assumptions.assumeTrue(
          System.getenv("CI") != null, "no " + EXECUTABLE + ": apt-get install -y chromium");
      throw new IllegalStateException("browser tests need " + EXECUTABLE);
    }
  }

  static Playwright playwright() {
    return Playwright.create(
        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
  }

  static Browser launch(Playwright playwright) throws java.io.IOException {
    Files.createDirectories(SCREENSHOTS);
    return playwright
        .chromium()
        .launch(
            new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setArgs(
                    List.of(
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run")));
  }
}
