package dev.switchboard.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import dev.switchboard.testing.ChromiumPages;
import dev.switchboard.testing.ServerFixture;
import dev.switchboard.testing.TestPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin UI at {@code /admin} in headless Chromium against a real server that is out of dev mode
 * (an API key exists), so every call the pages make rides on the login session and its CSRF token.
 * Screenshots land in {@code target/screenshots/admin-*.png}.
 */
class AdminUiIT {

  static final String PASSWORD = "correct horse battery staple";

  @RegisterExtension
  static final ChromiumPages browser =
      ChromiumPages.screenshotsNamed("admin-").fullPageScreenshots().failedResponsesAsErrors();

  @TempDir static Path home;
  @TempDir static Path jars;
  static ServerFixture sb;
  static String adminKey;

  Page page;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home, Map.of("SWITCHBOARD_ADMIN_PASSWORD", PASSWORD));
    // The first key ends dev mode: from here on, only keys and sessions get in.
    HttpResponse<String> key =
        sb.post(
            "/api/v1/keys",
            new JsonObject().put("name", "setup").put("scopes", new JsonArray().add("admin")));
    assertEquals(201, key.statusCode(), key.body());
    adminKey = ServerFixture.json(key).getString("key");
  }

  @AfterAll
  static void stop() throws Exception {
    if (sb != null) {
      sb.close();
    }
  }

  @BeforeEach
  void open() {
    page = browser.open(sb.base(), new Browser.NewContextOptions().setViewportSize(1280, 860));
  }

  void screenshot(String name) {
    browser.screenshot(name);
  }

  void login() {
    page.navigate("/admin");
    page.getByLabel("Password").fill(PASSWORD);
    page.getByRole(
            com.microsoft.playwright.options.AriaRole.BUTTON,
            new Page.GetByRoleOptions().setName("Log in"))
        .click();
    assertThat(page.getByTestId("whoami")).hasText("admin");
  }

  void go(String section) {
    page.getByTestId("nav-" + section).click();
    assertThat(page.getByTestId("page-" + section)).isVisible();
  }

  static HttpResponse<String> api(
      String method, String path, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(sb.base() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("content-type", "application/json");
    }
    headers.forEach(b::header);
    return sb.send(b);
  }

  static HttpResponse<String> asAdmin(String method, String path, String body) throws Exception {
    return api(method, path, body, Map.of("Authorization", "Bearer " + adminKey));
  }

  @Test
  void loginRejectsABadPasswordAndLogsOut() {
    page.navigate("/admin");
    assertThat(page.getByTestId("login-form")).isVisible();
    page.getByLabel("Password").fill("wrong password");
    page.getByTestId("login-form").locator("button[type=submit]").click();
    assertThat(page.getByTestId("login-error")).containsText("wrong user name or password");
    screenshot("login-rejected");
    page.getByLabel("Password").fill(PASSWORD);
    page.getByTestId("login-form").locator("button[type=submit]").click();
    assertThat(page.getByTestId("whoami")).hasText("admin");

    Cookie session =
        browser.context().cookies().stream()
            .filter(c -> c.name.equals("sb_session"))
            .findFirst()
            .orElseThrow();
    assertTrue(session.httpOnly, "the session cookie is HttpOnly");
    assertEquals(SameSiteAttribute.STRICT, session.sameSite);
    assertEquals("/api/", session.path);
    // Script cannot read it.
    assertFalse(String.valueOf(page.evaluate("document.cookie")).contains("sb_session"));

    // A reload keeps the session; logging out ends it on the server too.
    page.reload();
    assertThat(page.getByTestId("whoami")).hasText("admin");
    page.getByTestId("logout").click();
    assertThat(page.getByTestId("login-form")).isVisible();
    Object status =
        page.evaluate("fetch('/api/v1/plugins', {credentials: 'same-origin'}).then(r => r.status)");
    assertEquals(401, ((Number) status).intValue());
  }

  @Test
  void csrfTokenIsRequiredForChangesMadeWithTheSessionCookie() throws Exception {
    HttpResponse<String> bad =
        api("POST", "/api/v1/session", new JsonObject().put("password", "nope").encode(), Map.of());
    assertEquals(401, bad.statusCode());
    HttpResponse<String> ok =
        api(
            "POST",
            "/api/v1/session",
            new JsonObject().put("password", PASSWORD).encode(),
            Map.of());
    assertEquals(200, ok.statusCode(), ok.body());
    String csrf = ServerFixture.json(ok).getString("csrfToken");
    String setCookie = ok.headers().firstValue("set-cookie").orElseThrow();
    assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    // Reads need only the cookie.
    assertEquals(200, api("GET", "/api/v1/routes", null, Map.of("Cookie", cookie)).statusCode());
    String routes = asAdmin("GET", "/api/v1/routes", null).body();
    // A change with the cookie alone is not authenticated at all; with a wrong token it is refused.
    HttpResponse<String> noToken = api("PUT", "/api/v1/routes", routes, Map.of("Cookie", cookie));
    assertEquals(401, noToken.statusCode(), noToken.body());
    HttpResponse<String> wrong =
        api("PUT", "/api/v1/routes", routes, Map.of("Cookie", cookie, "X-CSRF-Token", "forged"));
    assertEquals(403, wrong.statusCode(), wrong.body());
    assertEquals("forbidden", ServerFixture.errorCode(wrong));
    HttpResponse<String> right =
        api("PUT", "/api/v1/routes", routes, Map.of("Cookie", cookie, "X-CSRF-Token", csrf));
    assertEquals(200, right.statusCode(), right.body());
    // Logging out needs the token too, then the cookie is worthless.
    assertEquals(
        403, api("DELETE", "/api/v1/session", null, Map.of("Cookie", cookie)).statusCode());
    assertEquals(
        204,
        api("DELETE", "/api/v1/session", null, Map.of("Cookie", cookie, "X-CSRF-Token", csrf))
            .statusCode());
    assertEquals(401, api("GET", "/api/v1/routes", null, Map.of("Cookie", cookie)).statusCode());

    // In the browser: a page script without the token cannot change anything either.
    login();
    Object status =
        page.evaluate(
            "fetch('/api/v1/keys', {method: 'POST', credentials: 'same-origin', headers:"
                + " {'Content-Type': 'application/json'}, body: JSON.stringify({name: 'x', scopes:"
                + " ['admin']})}).then(r => r.status)");
    assertEquals(401, ((Number) status).intValue());
  }

  @Test
  void uploadsDisablesAndEnablesAPlugin() throws Exception {
    Path jar = TestPlugins.echo(jars, "uiecho", "1.0.0", "ui");
    login();
    go("plugins");
    page.getByTestId("plugin-file").setInputFiles(jar);
    page.getByTestId("plugin-upload").click();
    assertThat(page.getByTestId("notice")).containsText("installed uiecho 1.0.0");
    Locator row = page.locator("tr[data-plugin=uiecho]");
    assertThat(row.getByTestId("plugin-state")).hasText("STARTED");
    row.getByTestId("plugin-disable").click();
    assertThat(row.getByTestId("plugin-state")).hasText("DISABLED");
    assertEquals(
        "DISABLED",
        ServerFixture.json(asAdmin("GET", "/api/v1/plugins/uiecho", null)).getString("state"));
    row.getByTestId("plugin-enable").click();
    assertThat(row.getByTestId("plugin-state")).hasText("STARTED");
    row.getByTestId("plugin-reload").click();
    assertThat(page.getByTestId("notice")).containsText("uiecho: STARTED");
    screenshot("plugins");
    page.onDialog(d -> d.accept());
    row.getByTestId("plugin-delete").click();
    assertThat(page.getByTestId("notice")).containsText("uninstalled uiecho");
    assertThat(row).hasCount(0);
  }

  @Test
  void editsTheRoutingTable() throws Exception {
    Path a = TestPlugins.echo(jars, "routea", "1.0.0", "a");
    Path b = TestPlugins.echo(jars, "routeb", "1.0.0", "b");
    assertEquals(201, sb.send(uploadAsAdmin(a)).statusCode());
    assertEquals(201, sb.send(uploadAsAdmin(b)).statusCode());
    login();
    go("routes");
    // Start from an empty table (other tests may have added routes).
    assertThat(page.locator("[data-testid=routes][data-loaded=true]")).isVisible();
    Locator existing = page.locator("tr.route-row");
    while (existing.count() > 0) {
      existing.first().getByLabel("Remove route").click();
    }
    int before = 0;
    page.getByTestId("route-add").click();
    page.getByTestId("route-add").click();
    Locator rows = page.locator("tr.route-row");
    Locator first = rows.nth(before);
    Locator second = rows.nth(before + 1);
    first.getByLabel("Task").selectOption("classify");
    first.getByTestId("route-plugin").fill("routea");
    first.getByTestId("route-weight").fill("75");
    second.getByLabel("Task").selectOption("classify");
    second.getByTestId("route-plugin").fill("routeb");
    second.getByTestId("route-weight").fill("25");
    assertThat(first.getByTestId("route-share")).hasText("75%");
    page.getByTestId("routes-save").click();
    assertThat(page.getByTestId("notice")).containsText("routing table saved");
    screenshot("routes");
    JsonArray routes =
        ServerFixture.json(asAdmin("GET", "/api/v1/routes", null)).getJsonArray("routes");
    JsonObject routeA = find(routes, "routea");
    assertNotNull(routeA, routes.encode());
    assertEquals(75, routeA.getInteger("weight"));
    assertEquals(25, find(routes, "routeb").getInteger("weight"));

    // Shadow routeb (rows come back in the server's order): it stops sharing live traffic.
    page.locator("tr.route-row[data-plugin=routeb]").getByTestId("route-shadow").check();
    assertThat(page.locator("tr.route-row[data-plugin=routea]").getByTestId("route-share"))
        .hasText("100%");
    page.getByTestId("routes-save").click();
    assertThat(page.getByTestId("notice")).containsText("2 routes, 1 shadow");
    routes = ServerFixture.json(asAdmin("GET", "/api/v1/routes", null)).getJsonArray("routes");
    assertTrue(find(routes, "routeb").getBoolean("shadow"));
  }

  static JsonObject find(JsonArray routes, String plugin) {
    for (int i = 0; i < routes.size(); i++) {
      if (plugin.equals(routes.getJsonObject(i).getString("plugin"))) {
        return routes.getJsonObject(i);
      }
    }
    return null;
  }

  static HttpRequest.Builder uploadAsAdmin(Path jar) throws Exception {
    String boundary = "----sbui";
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n")
            .getBytes();
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes();
    byte[] file = java.nio.file.Files.readAllBytes(jar);
    byte[] body = new byte[head.length + file.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(file, 0, body, head.length, file.length);
    System.arraycopy(tail, 0, body, head.length + file.length, tail.length);
    return HttpRequest.newBuilder(URI.create(sb.base() + "/api/v1/plugins"))
        .header("Authorization", "Bearer " + adminKey)
        .header("content-type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  @Test
  void searchesConversationsAndPromotesOne() throws Exception {
    assertEquals(
        201,
        sb.send(uploadAsAdmin(TestPlugins.historyEcho(jars.resolve("h"), "memory"))).statusCode());
    for (String text : new String[] {"where is my parcel", "the zebra question"}) {
      HttpResponse<String> r =
          asAdmin(
              "POST",
              "/v1/chat/completions",
              new JsonObject()
                  .put("model", "any")
                  .put("plugin", "memory")
                  .put(
                      "messages",
                      new JsonArray()
                          .add(new JsonObject().put("role", "user").put("content", text)))
                  .encode());
      assertEquals(200, r.statusCode(), r.body());
    }
    HttpResponse<String> ds =
        asAdmin(
            "POST",
            "/api/v1/datasets",
            new JsonObject().put("name", "support-chats").put("task", "chat").encode());
    assertEquals(201, ds.statusCode(), ds.body());
    String datasetId = ServerFixture.json(ds).getString("id");

    login();
    go("conversations");
    page.getByTestId("conv-search").fill("zebra");
    page.getByTestId("conv-search").press("Enter");
    Locator rows = page.getByTestId("conversations").locator("tbody tr");
    assertThat(rows).hasCount(1);
    rows.first().click();
    Locator thread = page.getByTestId("thread");
    assertThat(thread).containsText("the zebra question");
    assertThat(thread.locator("li.turn.assistant")).hasCount(1);
    page.getByTestId("promote-dataset").selectOption(datasetId);
    page.getByTestId("promote").click();
    assertThat(page.getByTestId("notice")).containsText("promoted into dataset support-chats");
    screenshot("conversations");
    JsonArray examples =
        ServerFixture.json(asAdmin("GET", "/api/v1/datasets/" + datasetId + "/examples", null))
            .getJsonArray("items");
    assertEquals(1, examples.size(), examples.encode());
    assertTrue(examples.getJsonObject(0).encode().contains("zebra"), examples.encode());
  }

  @Test
  void theEvalLogShowsAndFiltersByFeedbackAsPlainText() throws Exception {
    assertEquals(
        201,
        sb.send(uploadAsAdmin(TestPlugins.scripted(jars.resolve("rated"), "rated"))).statusCode());
    HttpResponse<String> answer =
        asAdmin(
            "POST",
            "/v1/chat/completions",
            new JsonObject()
                .put("model", "any")
                .put("plugin", "rated")
                .put(
                    "messages",
                    new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")))
                .encode());
    assertEquals(200, answer.statusCode(), answer.body());
    String reason = "<img src=x onerror=\"window.pwned=1\">not helpful";
    HttpResponse<String> rated =
        asAdmin(
            "POST",
            "/api/v1/messages/" + ServerFixture.json(answer).getString("message_id") + "/feedback",
            new JsonObject().put("rating", -1).put("reason", reason).encode());
    assertEquals(201, rated.statusCode(), rated.body());

    login();
    go("evaluation");
    page.getByTestId("eval-log").locator("summary").click();
    page.getByLabel("Plugin filter").fill("rated");
    page.getByTestId("log-feedback-filter").selectOption("negative");
    Locator rows = page.getByTestId("eval-log-entries").locator("tbody tr");
    // Opening the log lists everything; the entry is written in batches: filter until it is there.
    for (int i = 0; i < 40; i++) {
      page.getByTestId("eval-log").locator("form button[type=submit]").click();
      page.waitForTimeout(250);
      if (rows.count() == 1) {
        break;
      }
    }
    assertThat(rows).hasCount(1);
    assertThat(rows.first().getByTestId("log-feedback")).hasText("👎 " + reason);
    assertEquals(0, page.getByTestId("eval-log-entries").locator("img").count());
    assertEquals(null, page.evaluate("() => window.pwned === undefined ? null : window.pwned"));
    assertThat(page.getByTestId("eval-log-stats").locator("tbody tr td").last()).hasText("0 / 1");
    screenshot("eval-log-feedback");

    page.getByTestId("log-feedback-filter").selectOption("positive");
    page.getByTestId("eval-log").locator("form button[type=submit]").click();
    assertThat(rows).hasCount(0);
  }

  @Test
  void registersUnloadsAndLoadsAModel() throws Exception {
    Path folder = jars.resolve("tiny-ui");
    dev.switchboard.runtime.store.RandomCheckpoint.create(folder, "tiny", 5);
    login();
    go("models");
    assertThat(page.locator("tr[data-model=all-minilm-l6-v2]")).containsText("LOADED");
    page.getByLabel("Model name").fill("tiny-ui");
    page.getByLabel("Model folder").fill(folder.toString());
    page.getByTestId("model-register").click();
    Locator row = page.locator("tr[data-model=tiny-ui]");
    LocatorAssertions.HasTextOptions slow =
        new LocatorAssertions.HasTextOptions().setTimeout(60_000);
    assertThat(row.getByTestId("model-state")).hasText("LOADED", slow);
    assertThat(row).containsText("chat");
    assertThat(row).containsText("cpu");
    assertThat(row).containsText("KB");
    screenshot("models");
    row.getByTestId("model-unload").click();
    assertThat(row.getByTestId("model-state")).hasText("UNLOADED", slow);
    row.getByTestId("model-load").click();
    assertThat(row.getByTestId("model-state")).hasText("LOADED", slow);
    assertEquals(
        "LOADED",
        ServerFixture.json(asAdmin("GET", "/api/v1/models/tiny-ui", null)).getString("state"));
  }

  @Test
  void createsAKeyAndShowsItOnce() throws Exception {
    login();
    go("keys");
    page.getByTestId("key-name").fill("ui-made");
    page.getByTestId("scope-classify").check();
    page.getByTestId("key-create").click();
    Locator dialog = page.getByTestId("key-issued");
    assertThat(dialog).isVisible();
    String secret = dialog.getByTestId("key-secret").inputValue();
    assertTrue(secret.startsWith("sb_"), secret);
    screenshot("key-issued");
    dialog.getByTestId("key-done").click();
    assertThat(dialog).isHidden();
    assertThat(page.getByTestId("keys")).containsText("ui-made");
    // Once closed, the key is nowhere in the page.
    assertFalse(page.content().contains(secret));
    screenshot("keys");
    // And it works, with the scopes chosen.
    HttpResponse<String> models =
        api("GET", "/v1/models", null, Map.of("Authorization", "Bearer " + secret));
    assertEquals(200, models.statusCode());
    HttpResponse<String> keys =
        api("GET", "/api/v1/keys", null, Map.of("Authorization", "Bearer " + secret));
    assertEquals(403, keys.statusCode());
  }

  /**
   * A small intents CSV: three labels, eleven examples each, one exact duplicate and one row
   * without text (rejected).
   */
  static Path intentsCsv() throws Exception {
    String[][] phrases = {
      {
        "greeting",
        "hello there",
        "hi, good morning",
        "hey, how are you",
        "good evening to you",
        "hello, nice to meet you",
        "hi there friend",
        "greetings and hello",
        "hey hello",
        "morning, hi",
        "hello hello",
        "hi! glad to see you"
      },
      {
        "refund",
        "I want my money back",
        "please refund my order",
        "how do I get a refund",
        "refund the payment to my card",
        "I was charged twice, refund me",
        "return and refund",
        "money back please",
        "I need a refund for this purchase",
        "can you reverse the charge",
        "refund request for order 12",
        "give me my money back"
      },
      {
        "weather",
        "will it rain tomorrow",
        "what is the weather like",
        "is it sunny today",
        "forecast for the weekend",
        "how cold is it outside",
        "will it snow tonight",
        "temperature right now",
        "is there a storm coming",
        "weather in Paris",
        "do I need an umbrella",
        "how windy is it today"
      }
    };
    StringBuilder csv = new StringBuilder("text,label\n");
    for (String[] group : phrases) {
      for (int i = 1; i < group.length; i++) {
        csv.append('"').append(group[i]).append("\",").append(group[0]).append('\n');
      }
    }
    csv.append("\"please refund my order\",refund\n"); // an exact duplicate
    csv.append(",greeting\n");
    Path file = jars.resolve("intents.csv");
    java.nio.file.Files.writeString(file, csv);
    return file;
  }

  /**
   * The improvement loop through the UI only: import a CSV, curate (edit, label, approve), split,
   * freeze a version, train two classifier versions (live loss curve over SSE), evaluate both on
   * the test split, compare them side by side and promote the better one.
   */
  @Test
  void runsTheWholeLoop() throws Exception {
    login();
    go("datasets");
    page.getByText("New dataset").click();
    page.getByTestId("ds-name").fill("intents");
    page.getByTestId("ds-create").click();
    assertThat(page.getByTestId("dataset")).isVisible();

    // Import: 33 rows in, the one without text is reported.
    page.getByTestId("import-file").setInputFiles(intentsCsv());
    page.getByTestId("import").click();
    assertThat(page.getByTestId("import-result")).containsText("34 imported, 1 rejected");
    assertThat(page.locator("tr.example")).hasCount(34);

    // Curate: fix one text and its label inline, reject one, approve the rest in bulk.
    Locator hi = page.locator("tr.example", new Page.LocatorOptions().setHasText("hey hello"));
    hi.getByTestId("edit").click();
    // While editing, the text sits in a textarea: only one row is being edited.
    page.getByTestId("edit-text").fill("hey, hello!");
    page.getByTestId("edit-label").fill("greeting");
    page.getByTestId("edit-save").click();
    Locator edited =
        page.locator("tr.example", new Page.LocatorOptions().setHasText("hey, hello!"));
    assertThat(edited).hasCount(1);
    Locator odd = page.locator("tr.example", new Page.LocatorOptions().setHasText("morning, hi"));
    odd.getByTestId("reject").click();
    assertThat(odd.getByTestId("example-status")).hasText("rejected");
    // Duplicates: one exact cluster; keep the first, reject the other.
    page.getByTestId("duplicates").locator("summary").click();
    page.getByTestId("find-duplicates").click();
    Locator cluster = page.getByTestId("duplicates").locator("article.cluster");
    assertThat(cluster).hasCount(1);
    assertThat(cluster).containsText("exact · 2 examples");
    screenshot("duplicates");
    cluster.locator("button").click();
    assertThat(page.getByTestId("notice")).containsText("1 duplicates rejected");
    page.getByTestId("filter-status").selectOption("pending");
    page.locator("form.filters button[type=submit]").click();
    assertThat(page.locator("tr.example")).hasCount(32);
    page.getByTestId("bulk-status").selectOption("approved");
    page.getByTestId("bulk-apply").click();
    assertThat(page.getByTestId("notice")).containsText("32 examples updated");
    screenshot("dataset-curated");

    // Split (stratified) and freeze a version.
    page.getByLabel("train", new Page.GetByLabelOptions().setExact(true)).fill("0.6");
    page.getByLabel("validation", new Page.GetByLabelOptions().setExact(true)).fill("0.1");
    page.getByLabel("test", new Page.GetByLabelOptions().setExact(true)).fill("0.3");
    page.getByTestId("split").click();
    assertThat(page.getByTestId("split-result")).containsText("test");
    page.getByTestId("freeze").click();
    assertThat(page.getByTestId("versions")).containsText("v1");
    assertThat(page.getByTestId("versions")).containsText("32 examples");
    page.getByTestId("filter-status").selectOption("");
    page.locator("form.filters button[type=submit]").click();
    assertThat(page.locator("tr.example")).hasCount(34);
    screenshot("dataset");

    // Export the frozen version as CSV.
    page.getByTestId("export-format").selectOption("csv");
    page.getByTestId("export-version").selectOption("1");
    com.microsoft.playwright.Download download =
        page.waitForDownload(() -> page.getByTestId("export").click());
    assertEquals("intents.csv", download.suggestedFilename());
    List<String> lines = java.nio.file.Files.readAllLines(download.path());
    assertEquals(33, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).startsWith("text,label"), lines.get(0));

    // Train a weak version, then a good one, watching the live loss curve.
    go("training");
    assertThat(page.getByTestId("train-version").locator("option")).hasCount(1);
    page.getByTestId("train-name").fill("intents");
    page.getByTestId("train-epochs").fill("1");
    page.getByTestId("train-start").click();
    assertThat(page.getByTestId("job-status"))
        .hasText("succeeded", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
    page.getByTestId("train-epochs").fill("40");
    page.getByTestId("train-start").click();
    // The classifiers table lists version 2 once the second job has succeeded.
    assertThat(page.locator("tr[data-version='intents@2']"))
        .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
    assertThat(page.getByTestId("job-status")).hasText("succeeded");
    Object points =
        page.evaluate(
            "() => { const c = Chart.getChart(document.querySelector('[data-testid=loss-chart]'));"
                + " return c ? c.data.datasets[0].data.length : 0; }");
    assertTrue(((Number) points).intValue() > 1, "the loss curve has points: " + points);
    screenshot("training");

    // Evaluate both versions on the test split.
    go("evaluation");
    page.getByTestId("eval-plugin").fill("classifier");
    page.getByTestId("eval-classifier").fill("intents@1");
    page.getByTestId("eval-start").click();
    assertThat(page.getByTestId("run-status"))
        .hasText("succeeded", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
    String first = page.getByTestId("eval-run").getAttribute("data-run-id");
    page.getByTestId("eval-classifier").fill("intents@2");
    page.getByTestId("eval-start").click();
    assertThat(page.locator("[data-testid=eval-run][data-run-id='" + first + "']")).hasCount(0);
    assertThat(page.getByTestId("run-status"))
        .hasText("succeeded", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
    assertThat(page.getByTestId("metrics")).containsText("accuracy");
    assertThat(page.getByTestId("confusion").locator("td.cell")).hasCount(9);
    screenshot("evaluation");

    // Compare side by side with the first run.
    page.getByTestId("compare-with").selectOption(first);
    page.getByTestId("compare").click();
    assertThat(page.getByTestId("comparison")).containsText("wins");
    screenshot("comparison");

    // Promote version 2.
    go("training");
    page.locator("tr[data-version='intents@2']").getByTestId("promote-version").click();
    assertThat(page.getByTestId("notice")).containsText("intents v2 now serves");
    JsonArray versions =
        ServerFixture.json(asAdmin("GET", "/api/v1/classifiers", null)).getJsonArray("items");
    boolean pinned = false;
    for (int i = 0; i < versions.size(); i++) {
      JsonObject v = versions.getJsonObject(i);
      if (v.getInteger("version") == 2) {
        pinned = v.getBoolean("pinned") && v.getBoolean("active");
      }
    }
    assertTrue(pinned, versions.encode());
    // Shadow version 1 behind the live route: a shadow classify route with its version.
    page.locator("tr[data-version='intents@1']").getByTestId("shadow-version").click();
    assertThat(page.getByTestId("notice")).containsText("intents v1 shadows the classify route");
    JsonObject shadowRoute = null;
    for (Object o :
        ServerFixture.json(asAdmin("GET", "/api/v1/routes", null)).getJsonArray("routes")) {
      JsonObject r = (JsonObject) o;
      if (r.getBoolean("shadow") && "classifier".equals(r.getString("plugin"))) {
        shadowRoute = r;
      }
    }
    assertNotNull(shadowRoute);
    assertEquals(1, shadowRoute.getJsonObject("config").getInteger("version"));
    HttpResponse<String> classified =
        asAdmin(
            "POST",
            "/api/v1/classify",
            new JsonObject()
                .put("classifier", "intents")
                .put("input", "please refund me")
                .encode());
    assertEquals(200, classified.statusCode(), classified.body());
    screenshot("promoted");

    // The production eval log has the traffic, with latency percentiles (written in batches).
    go("evaluation");
    page.getByTestId("eval-log").locator("summary").click();
    Locator stats = page.getByTestId("eval-log-stats").locator("tbody tr");
    for (int i = 0; i < 20 && stats.count() == 0; i++) {
      page.waitForTimeout(250);
      page.getByTestId("eval-log").locator("form button[type=submit]").click();
    }
    assertThat(stats.first()).isVisible();
    assertThat(page.getByTestId("eval-log-entries").locator("tbody tr").first()).isVisible();
    screenshot("eval-log");
  }
}
