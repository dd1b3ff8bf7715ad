package dev.switchboard.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browser of a browser test class, registered as a static {@code @RegisterExtension} field: one
 * headless Chromium for the class (skipped without it outside CI, see {@link
 * Chromium#requireInstalled()}), a fresh context and page per test from {@link #open}, the page's
 * console errors collected, a screenshot of the page when a test fails, and everything closed
 * afterwards. Screenshots land in {@code target/screenshots/}.
 */
public final class ChromiumPages implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  private final String prefix;
  private boolean fullPage;
  private boolean failedResponses;
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private Playwright playwright;
  private Browser browser;
  private BrowserContext context;
  private Page page;

  private ChromiumPages(String prefix) {
    this.prefix = prefix;
  }

  /** Screenshots named {@code <prefix><name>.png}. */
  public static ChromiumPages screenshotsNamed(String prefix) {
    return new ChromiumPages(prefix);
  }

  /** Screenshots of the whole page, not only the viewport. */
  public ChromiumPages fullPageScreenshots() {
    fullPage = true;
    return this;
  }

  /** Counts every answer with status 400 or above as an error, with its method and URL. */
  public ChromiumPages failedResponsesAsErrors() {
    failedResponses = true;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext extension) throws Exception {
    Chromium.requireInstalled();
    playwright = Chromium.playwright();
    browser = Chromium.launch(playwright);
  }

  /**
   * A new page in a new context whose relative URLs resolve against {@code baseUrl}; the previous
   * one, if any, is closed. Actions wait at most 10 s.
   */
  public Page open(String baseUrl, Browser.NewContextOptions options) {
    closeContext();
    context = browser.newContext(options.setBaseURL(baseUrl));
    context.setDefaultTimeout(10_000);
    page = context.newPage();
    page.onConsoleMessage(
        m -> {
          if (m.type().equals("error")) {
            errors.add(m.text());
          }
        });
    page.onPageError(e -> errors.add("page error: " + e));
    if (failedResponses) {
      page.onResponse(
          r -> {
            if (r.status() >= 400) {
              errors.add(r.status() + " " + r.request().method() + " " + r.url());
            }
          });
    }
    return page;
  }

  /** The context of the page {@link #open} returned last. */
  public BrowserContext context() {
    return context;
  }

  /** The errors the pages of the running test reported so far. */
  public List<String> consoleErrors() {
    return errors;
  }

  /** Saves the current page as {@code target/screenshots/<prefix><name>.png}. */
  public void screenshot(String name) {
    page.screenshot(
        new Page.ScreenshotOptions()
            .setFullPage(fullPage)
            .setPath(Chromium.SCREENSHOTS.resolve(prefix + name + ".png")));
  }

  @Override
  public void afterEach(ExtensionContext extension) {
    try {
      if (extension.getExecutionException().isPresent() && page != null && !page.isClosed()) {
        // What the page showed when the test failed: often the quickest way to see why.
        try {
          screenshot("failed-" + extension.getRequiredTestMethod().getName());
        } catch (PlaywrightException e) {
          System.out.println("no screenshot of the failed test: " + e.getMessage());
        }
      }
      if (!errors.isEmpty()) {
        System.out.println(extension.getDisplayName() + " console errors: " + errors);
      }
    } finally {
      errors.clear();
      closeContext();
    }
  }

  @Override
  public void afterAll(ExtensionContext extension) {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  private void closeContext() {
    if (context != null) {
      context.close();
      context = null;
      page = null;
    }
  }
}
