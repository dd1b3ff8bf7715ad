package dev.switchboard.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Route;
import dev.switchboard.testing.ChromiumPages;
import dev.switchboard.testing.ServerFixture;
import dev.switchboard.testing.UiTestPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat interface at {@code /} in real headless Chromium (Debian's, driven by Playwright)
 * against a real server in dev mode: streaming, stop, feedback, citations, edit and regenerate,
 * sanitised Markdown, errors, the API key, a phone-sized screen. Screenshots land in {@code
 * target/screenshots/}.
 */
class ChatUiIT {

  static final String PLUGIN = "uitest";

  @RegisterExtension static final ChromiumPages browser = ChromiumPages.screenshotsNamed("chat-");

  @TempDir static Path home;
  @TempDir static Path jars;
  static ServerFixture sb;

  Page page;
  List<String> consoleErrors;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home);
    assertEquals(
        201,
        sb.upload("/api/v1/plugins", UiTestPlugins.uiTest(jars, PLUGIN), "ui.jar").statusCode());
  }

  @AfterAll
  static void stop() throws Exception {
    if (sb != null) {
      sb.close();
    }
  }

  @BeforeEach
  void open() {
    open(new Browser.NewContextOptions().setViewportSize(1280, 800));
  }

  void open(Browser.NewContextOptions options) {
    page = browser.open(sb.base(), options);
    consoleErrors = browser.consoleErrors();
    page.navigate("/");
    assertThat(page.getByTestId("input")).isVisible();
  }

  void choosePlugin() {
    Locator select = page.getByTestId("plugin");
    assertThat(select.locator("option[value='" + PLUGIN + "']")).hasCount(1);
    select.selectOption(PLUGIN);
  }

  void send(String text) {
    page.getByTestId("input").fill(text);
    page.getByTestId("send").click();
  }

  Locator lastAnswer() {
    return page.getByTestId("answer").last();
  }

  void waitUntilDone() {
    assertThat(page.getByTestId("send")).isVisible();
  }

  void screenshot(String name) {
    browser.screenshot(name);
  }

  static JsonObject conversationWith(String word) throws Exception {
    HttpResponse<String> r =
        sb.get("/api/v1/conversations?q=" + URLEncoder.encode(word, StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode(), r.body());
    JsonArray items = json(r).getJsonArray("items");
    assertEquals(1, items.size(), r.body());
    return json(sb.get("/api/v1/conversations/" + items.getJsonObject(0).getString("id")));
  }

  /** A conversation made over the API, without the browser. */
  static void chatOverApi(String text) throws Exception {
    JsonObject body =
        new JsonObject()
            .put("plugin", PLUGIN)
            .put(
                "messages",
                new JsonArray().add(new JsonObject().put("role", "user").put("content", text)));
    assertEquals(200, sb.post("/v1/chat/completions", body).statusCode());
  }

  static int cancelledChats() throws Exception {
    HttpResponse<String> r = sb.classify(PLUGIN, "cancelled?");
    assertEquals(200, r.statusCode(), r.body());
    return Integer.parseInt(json(r).getJsonArray("results").getJsonObject(0).getString("label"));
  }

  @Test
  void anAnswerStreamsInAndStopCancelsItOnTheServer() throws Exception {
    int cancelledBefore = cancelledChats();
    choosePlugin();
    send("slow");
    assertThat(page.getByTestId("stop")).isVisible();
    // The text grows while the answer streams.
    List<Integer> lengths = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 5_000;
    while (lengths.size() < 4 && System.currentTimeMillis() < deadline) {
      int length = lastAnswer().innerText().length();
      if (length > 0 && (lengths.isEmpty() || length > lengths.get(lengths.size() - 1))) {
        lengths.add(length);
      }
      page.waitForTimeout(60);
    }
    assertTrue(lengths.size() >= 4, "the answer did not grow while streaming: " + lengths);
    assertThat(lastAnswer()).containsText("tick0 tick1");
    screenshot("streaming");

    page.getByTestId("stop").click();
    assertThat(page.getByTestId("stopped")).isVisible();
    waitUntilDone();
    String stoppedAt = lastAnswer().innerText();
    page.waitForTimeout(300);
    assertEquals(stoppedAt, lastAnswer().innerText(), "text kept coming after stop");
    // The server saw the client go away and cancelled the generation in the plugin.
    deadline = System.currentTimeMillis() + 5_000;
    while (cancelledChats() == cancelledBefore && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(cancelledBefore + 1, cancelledChats());

    // The first chunk named the conversation, so the next message continues it.
    send("after the stop");
    assertThat(lastAnswer()).hasText("You said: after the stop (history 1)");
    waitUntilDone();
    JsonArray stored = conversationWith("slow").getJsonArray("messages");
    assertEquals(4, stored.size(), stored.encodePrettily());
    assertEquals(
        "cancelled", stored.getJsonObject(1).getJsonObject("metadata").getString("finishReason"));
    assertEquals("after the stop", stored.getJsonObject(2).getString("content"));
    assertTrue(consoleErrors.isEmpty(), consoleErrors.toString());
  }

  @Test
  void feedbackWithAReasonIsStored() throws Exception {
    choosePlugin();
    send("feedbackcheck please");
    assertThat(lastAnswer()).containsText("You said: feedbackcheck please (history 1)");
    waitUntilDone();
    page.getByTestId("thumbs-down").click();
    page.getByTestId("feedback-reason").fill("too terse");
    page.getByTestId("feedback-send").click();
    assertThat(page.getByTestId("feedback-saved")).isVisible();

    JsonObject stored = conversationWith("feedbackcheck");
    JsonObject answer = stored.getJsonArray("messages").getJsonObject(1);
    assertEquals("assistant", answer.getString("role"));
    JsonObject feedback = answer.getJsonArray("feedback").getJsonObject(0);
    assertEquals(-1, feedback.getInteger("rating"));
    assertEquals("too terse", feedback.getString("reason"));

    // Reopened from the list, the rating shows as given.
    page.navigate("/");
    page.getByTestId("conversations").getByText("feedbackcheck please").click();
    assertThat(page.getByTestId("thumbs-down")).hasAttribute("aria-pressed", "true");
    assertThat(page.getByTestId("feedback-saved")).isVisible();
  }

  @Test
  void citationsAreNumberedLinksThatOpenTheCitedText() {
    choosePlugin();
    send("cite");
    Locator sources = page.getByTestId("sources");
    assertThat(sources).isVisible();
    Locator berlin = sources.getByText(UiTestPlugins.BERLIN);
    assertThat(berlin).isHidden();
    Locator link = lastAnswer().locator("a.cite[data-cite='2']");
    assertThat(link).hasText("[2]");
    link.click();
    assertThat(berlin).isVisible();
    assertThat(sources.getByText(UiTestPlugins.PARIS)).isHidden();
    assertThat(sources.locator("li").nth(1)).containsText("geo-de");
    screenshot("citations");

    // Reopened from the list, the stored answer keeps its sources.
    page.navigate("/");
    page.getByTestId("conversations")
        .getByText("cite", new Locator.GetByTextOptions().setExact(true))
        .click();
    lastAnswer().locator("a.cite[data-cite='1']").click();
    assertThat(page.getByTestId("sources").getByText(UiTestPlugins.PARIS)).isVisible();
  }

  @Test
  void markdownIsRenderedSanitisedAndHighlighted() {
    choosePlugin();
    send("markdown");
    waitUntilDone();
    Locator answer = lastAnswer();
    assertThat(answer.locator("h2")).hasText("Result");
    assertThat(answer.locator("strong")).hasText("bold");
    assertThat(answer.locator("li")).hasCount(2);
    // Highlighted code, its HTML shown as text.
    Locator code = answer.locator("pre code.language-java");
    assertThat(code).containsText("<b>not bold</b>");
    assertThat(code.locator("b")).hasCount(0);
    assertTrue(code.locator("span[class^='hljs-']").count() > 0, "not highlighted");
    // Every injection attempt is inert.
    page.waitForTimeout(200);
    assertNull(page.evaluate("window.__xss"));
    assertThat(answer.locator("script")).hasCount(0);
    assertThat(answer.locator("[onerror]")).hasCount(0);
    assertThat(answer.locator("[x-init], [x-data]")).hasCount(0);
    Locator link = answer.getByText("a link");
    assertFalse(
        String.valueOf(link.getAttribute("href")).startsWith("javascript:"),
        "javascript: link survived");
    // Chromium reports the inline handler of the inert copy DOMPurify parses; nothing else.
    assertTrue(
        consoleErrors.stream().allMatch(e -> e.contains("Content Security Policy")),
        consoleErrors.toString());
    screenshot("markdown");
    page.emulateMedia(
        new Page.EmulateMediaOptions()
            .setColorScheme(com.microsoft.playwright.options.ColorScheme.DARK));
    page.waitForTimeout(300); // Pico's colour transitions
    screenshot("markdown-dark");
  }

  @Test
  void editAndResendAndRegenerateBranchTheConversation() {
    choosePlugin();
    send("alpha");
    assertThat(lastAnswer()).hasText("You said: alpha (history 1)");
    waitUntilDone();

    page.getByTestId("edit").click();
    page.getByRole(
            com.microsoft.playwright.options.AriaRole.TEXTBOX,
            new Page.GetByRoleOptions().setName("Edit message"))
        .fill("beta");
    page.getByTestId("resend").click();
    assertThat(lastAnswer()).hasText("You said: beta (history 1)");
    assertThat(page.getByTestId("msg-user")).hasCount(1);
    waitUntilDone();

    // Continues the (new) conversation: only the new message is sent.
    send("gamma");
    assertThat(lastAnswer()).hasText("You said: gamma (history 1)");
    waitUntilDone();

    // Regenerate replays the visible history into a new conversation.
    page.getByTestId("regenerate").click();
    assertThat(lastAnswer()).hasText("You said: gamma (history 3)");
    assertThat(page.getByTestId("msg-assistant")).hasCount(2);
    waitUntilDone();
    assertTrue(consoleErrors.isEmpty(), consoleErrors.toString());
  }

  @Test
  void searchFindsConversationsAndNewChatClearsTheView() throws Exception {
    // Something for the search to leave out, whichever tests ran before.
    chatOverApi("a horse crossing");
    choosePlugin();
    send("zebracrossing");
    assertThat(lastAnswer()).containsText("zebracrossing");
    waitUntilDone();
    page.getByTestId("new-chat").click();
    assertThat(page.getByTestId("msg-user")).hasCount(0);
    // New chat moves the cursor to the message box a moment after the click. fill() focuses the
    // search box, then types into whatever has the focus by then: wait for the move first.
    assertThat(page.getByTestId("input")).isFocused();

    page.getByTestId("search").fill("zebracrossing");
    Locator list = page.getByTestId("conversations").locator("li");
    assertThat(list).hasCount(1);
    assertThat(list).containsText("zebracrossing");
    page.getByTestId("search").fill("nosuchwordanywhere");
    assertThat(list).hasCount(0);
  }

  @Test
  void aFailedSearchEmptiesTheListAndSaysSo() throws Exception {
    chatOverApi("a giraffe drinking");
    page.getByTestId("search").fill("giraffe");
    Locator list = page.getByTestId("conversations").locator("li");
    assertThat(list).hasCount(1);
    // The server becomes unreachable for the next search.
    page.route("**/api/v1/conversations?**", Route::abort);
    page.getByTestId("search").fill("giraffe drinking");
    assertThat(page.getByTestId("error")).isVisible();
    assertThat(list).hasCount(0);
    page.unroute("**/api/v1/conversations?**");
    page.getByTestId("search").fill("giraffe");
    assertThat(list).hasCount(1);
  }

  @Test
  void theConversationListPages() throws Exception {
    for (int i = 0; i < 21; i++) {
      chatOverApi("pagetest " + i);
    }
    page.getByTestId("search").fill("pagetest");
    Locator list = page.getByTestId("conversations").locator("li");
    assertThat(list).hasCount(20);
    page.getByTestId("more").click();
    assertThat(list).hasCount(21);
    assertThat(page.getByTestId("more")).isHidden();
    assertThat(list.last()).containsText("pagetest 0");
  }

  @Test
  void apiErrorsAreShownWithCodeAndRequestId() {
    page.evaluate(
        "localStorage.setItem('switchboard.chat.target', JSON.stringify({plugin: 'no-such-plugin'}))");
    page.reload();
    send("hello");
    Locator error = page.getByTestId("error");
    assertThat(error).isVisible();
    assertThat(error).containsText("no-such-plugin");
    assertThat(error.locator("code")).hasText(java.util.regex.Pattern.compile("[0-9a-f-]{36}"));
    screenshot("error");
  }

  @Test
  void theApiKeyTypedIsKeptAndSent() {
    page.getByTestId("settings").click();
    page.getByTestId("api-key").fill("sb_test_notakey");
    page.getByTestId("save-key").click();
    assertEquals("sb_test_notakey", page.evaluate("localStorage.getItem('switchboard.apiKey')"));
    choosePlugin();
    Request request =
        page.waitForRequest(
            r -> r.url().endsWith("/v1/chat/completions"), () -> send("with a key"));
    assertEquals("Bearer sb_test_notakey", request.headers().get("authorization"));
    // Dev mode ignores keys, so the answer still comes.
    assertThat(lastAnswer()).containsText("You said: with a key");
  }

  @Test
  void aPhoneSizedScreenGetsADrawerAndFits() {
    open(
        new Browser.NewContextOptions()
            .setViewportSize(390, 844)
            .setDeviceScaleFactor(2)
            .setIsMobile(true)
            .setHasTouch(true));
    Locator sidebar = page.locator("#sidebar");
    assertFalse(inViewport(sidebar), "the conversation list should start closed");
    choosePlugin();
    send("a question asked from a phone, long enough to wrap over a couple of lines");
    assertThat(lastAnswer()).containsText("You said: a question");
    waitUntilDone();
    Object width = page.evaluate("document.documentElement.scrollWidth");
    assertTrue(((Number) width).intValue() <= 390, "page wider than the screen: " + width);
    assertTrue(page.getByTestId("send").boundingBox().x + 10 < 390);
    screenshot("phone");

    page.getByRole(
            com.microsoft.playwright.options.AriaRole.BUTTON,
            new Page.GetByRoleOptions().setName("Conversations").setExact(true))
        .click();
    page.waitForTimeout(300);
    assertTrue(inViewport(sidebar), "the drawer did not open");
    assertThat(sidebar.getByText("a question asked from a phone")).isVisible();
    screenshot("phone-drawer");
    page.keyboard().press("Escape");
    page.waitForTimeout(300);
    assertFalse(inViewport(sidebar), "Escape did not close the drawer");
    page.getByRole(
            com.microsoft.playwright.options.AriaRole.BUTTON,
            new Page.GetByRoleOptions().setName("Conversations").setExact(true))
        .click();
    page.waitForTimeout(300);
    sidebar.getByText("a question asked from a phone").click();
    page.waitForTimeout(300);
    assertFalse(inViewport(sidebar), "the drawer did not close");
  }

  @Test
  void pagesCarryAStrictPolicyAndTheirLibrariesResolve() throws Exception {
    HttpResponse<String> index = sb.get("/");
    assertEquals(200, index.statusCode());
    String csp = index.headers().firstValue("content-security-policy").orElseThrow();
    assertTrue(csp.contains("default-src 'none'"), csp);
    assertTrue(csp.contains("script-src 'self' 'unsafe-eval'"), csp);
    assertFalse(csp.contains("unsafe-inline"), csp);
    assertEquals("no-cache", index.headers().firstValue("cache-control").orElseThrow());
    assertEquals("nosniff", index.headers().firstValue("x-content-type-options").orElseThrow());
    // No inline script: every script has a src.
    assertFalse(
        java.util.regex.Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>")
            .matcher(index.body())
            .find());

    // Every WebJar file the pages and vendor.js name is served, cached for a year.
    String vendor = sb.get("/ui/js/vendor.js").body();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(/webjars/[^\"'\\s]+\\.(?:js|mjs|css))")
            .matcher(index.body() + sb.get("/admin").body() + vendor);
    int found = 0;
    while (m.find()) {
      HttpResponse<String> lib = sb.get(m.group(1));
      assertEquals(200, lib.statusCode(), m.group(1));
      assertTrue(
          lib.headers().firstValue("cache-control").orElse("").contains("max-age=31536000"),
          m.group(1) + " " + lib.headers().map());
      found++;
    }
    assertTrue(found >= 6, "WebJar references: " + found);
    assertEquals(404, sb.get("/ui/js/nope.js").statusCode());
    assertEquals(404, sb.get("/webjars/").statusCode());
    assertEquals(404, sb.get("/api/v1/nope").statusCode());
  }

  private static boolean inViewport(Locator locator) {
    var box = locator.boundingBox();
    assertNotNull(box);
    return box.x + box.width > 1;
  }
}
