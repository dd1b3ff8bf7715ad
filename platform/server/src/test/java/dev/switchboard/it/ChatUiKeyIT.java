package dev.switchboard.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.switchboard.testing.ChromiumPages;
import dev.switchboard.testing.ServerFixture;
import dev.switchboard.testing.UiTestPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat interface on a server that has API keys (dev mode over): without a key it says so and
 * points at the settings; with a chat-only key typed in, it lists, chats and rates, and leaves out
 * the plugin list it may not read.
 */
class ChatUiKeyIT {

  @RegisterExtension static final ChromiumPages browser = ChromiumPages.screenshotsNamed("chat-");

  @TempDir static Path home;
  @TempDir static Path jars;
  static ServerFixture sb;
  static String chatKey;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home);
    // Set up while dev mode still admits this machine, then end it by creating keys.
    assertEquals(
        201,
        sb.upload("/api/v1/plugins", UiTestPlugins.uiTest(jars, "uitest"), "ui.jar").statusCode());
    JsonObject routes =
        new JsonObject()
            .put(
                "routes",
                new JsonArray().add(new JsonObject().put("task", "chat").put("plugin", "uitest")));
    assertEquals(200, sb.put("/api/v1/routes", routes).statusCode());
    HttpResponse<String> created =
        sb.post(
            "/api/v1/keys",
            new JsonObject().put("name", "browser").put("scopes", new JsonArray().add("chat")));
    assertEquals(201, created.statusCode(), created.body());
    chatKey = json(created).getString("key");
    long deadline = System.currentTimeMillis() + 5_000;
    while (sb.get("/api/v1/conversations").statusCode() != 401) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("dev mode did not end after the first key");
      }
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (sb != null) {
      sb.close();
    }
  }

  @Test
  void withoutAKeyItSaysSoAndWithAChatKeyItWorks() {
    Page page = browser.open(sb.base(), new Browser.NewContextOptions().setViewportSize(1280, 800));
    page.navigate("/");
    Locator error = page.getByTestId("error");
    assertThat(error).containsText("unauthenticated");
    assertThat(error).containsText("set an API key");
    browser.screenshot("no-key");

    error
        .getByRole(
            com.microsoft.playwright.options.AriaRole.LINK,
            new Locator.GetByRoleOptions().setName("settings"))
        .click();
    page.getByTestId("api-key").fill(chatKey);
    page.getByTestId("save-key").click();
    assertThat(error).isHidden();
    // The plugin list needs the admin scope: only the default route is offered, silently.
    assertThat(page.getByTestId("plugin").locator("option")).hasCount(1);

    page.getByTestId("input").fill("hello with a key");
    page.getByTestId("send").click();
    assertThat(page.getByTestId("answer").last()).hasText("You said: hello with a key (history 1)");
    assertThat(page.getByTestId("send")).isVisible();
    page.getByTestId("thumbs-up").click();
    page.getByTestId("feedback-send").click();
    assertThat(page.getByTestId("feedback-saved")).isVisible();
    assertThat(page.getByTestId("conversations").locator("li")).hasCount(1);
    assertThat(error).isHidden();

    // The key survives a reload.
    page.reload();
    assertThat(page.getByTestId("conversations").locator("li")).hasCount(1);
    assertThat(error).isHidden();
  }
}
