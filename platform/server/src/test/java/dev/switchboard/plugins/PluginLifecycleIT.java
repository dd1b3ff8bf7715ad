package dev.switchboard.plugins;

import static dev.switchboard.testing.ServerFixture.errorCode;
import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.PluginJarBuilder;
import dev.switchboard.testing.ServerFixture;
import dev.switchboard.testing.TestPlugins;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runtime plugin lifecycle through the admin API, with real jars built at test time. */
class PluginLifecycleIT {

  @TempDir static Path home;
  @TempDir static Path jars;
  static ServerFixture sb;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home);
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @Test
  void uploadedPluginServesRequestsThenDisableDrainsAndAnswers503() throws Exception {
    Path jar = TestPlugins.echo(jars, "echo-a", "1.0.0", "a-v1");
    HttpResponse<String> up = sb.upload("/api/v1/plugins", jar, "echo-a.jar");
    assertEquals(201, up.statusCode(), up.body());
    assertEquals("STARTED", json(up).getString("state"));
    assertTrue(json(up).getJsonArray("tasks").contains("classify"));

    HttpResponse<String> r = sb.classify("echo-a", "hi");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("a-v1", json(r).getJsonArray("results").getJsonObject(0).getString("label"));

    // A slow request in flight when disable starts must still complete.
    CompletableFuture<HttpResponse<String>> slow =
        CompletableFuture.supplyAsync(() -> call(() -> sb.classify("echo-a", "slow:700")));
    Thread.sleep(200);
    long t0 = System.nanoTime();
    HttpResponse<String> disabled = sb.post("/api/v1/plugins/echo-a/disable", "");
    assertEquals(200, disabled.statusCode(), disabled.body());
    assertEquals("DISABLED", json(disabled).getString("state"));
    assertTrue(
        (System.nanoTime() - t0) / 1_000_000 >= 300,
        "disable should have waited for the in-flight request");
    assertEquals(200, slow.get().statusCode(), slow.get().body());

    r = sb.classify("echo-a", "hi");
    assertEquals(503, r.statusCode(), r.body());
    assertEquals("unavailable", errorCode(r));

    HttpResponse<String> enabled = sb.post("/api/v1/plugins/echo-a/enable", "");
    assertEquals("STARTED", json(enabled).getString("state"));
    assertEquals(200, sb.classify("echo-a", "hi").statusCode());
  }

  @Test
  void replaceSwapsVersionsWithoutRestartAndTheOldLoaderIsCollectable() throws Exception {
    Path v1 = TestPlugins.echo(jars.resolve("v1"), "echo-b", "1.0.0", "b-v1");
    assertEquals(201, sb.upload("/api/v1/plugins", v1, "echo-b.jar").statusCode());
    assertEquals(
        "b-v1",
        json(sb.classify("echo-b", "x"))
            .getJsonArray("results")
            .getJsonObject(0)
            .getString("label"));

    WeakReference<ClassLoader> oldLoader =
        new WeakReference<>(sb.server().plugins().classLoaderOf("echo-b"));
    assertNotNull(oldLoader.get());

    Path v2 = TestPlugins.echo(jars.resolve("v2"), "echo-b", "2.0.0", "b-v2");
    HttpResponse<String> conflict = sb.upload("/api/v1/plugins", v2, "echo-b.jar");
    assertEquals(409, conflict.statusCode(), conflict.body());

    HttpResponse<String> replaced = sb.upload("/api/v1/plugins?replace=true", v2, "echo-b.jar");
    assertEquals(201, replaced.statusCode(), replaced.body());
    assertEquals("2.0.0", json(replaced).getString("version"));
    assertEquals(
        "b-v2",
        json(sb.classify("echo-b", "x"))
            .getJsonArray("results")
            .getJsonObject(0)
            .getString("label"));

    for (int i = 0; i < 50 && oldLoader.get() != null; i++) {
      System.gc();
      byte[][] pressure = new byte[16][];
      for (int j = 0; j < pressure.length; j++) {
        pressure[j] = new byte[1 << 20];
      }
      Thread.sleep(50);
    }
    assertNull(oldLoader.get(), "the unloaded plugin's class loader is still reachable");
  }

  @Test
  void reloadReadsTheFileAgain() throws Exception {
    Path jar = TestPlugins.echo(jars.resolve("r"), "echo-r", "1.0.0", "r-v1");
    assertEquals(201, sb.upload("/api/v1/plugins", jar, "echo-r.jar").statusCode());
    Path installed = home.resolve("plugins/echo-r-1.0.0.jar");
    assertTrue(Files.exists(installed));
    // An operator drops a rebuilt jar over the installed file, then reloads.
    Path rebuilt = TestPlugins.echo(jars.resolve("r2"), "echo-r", "1.0.0", "r-rebuilt");
    Files.copy(rebuilt, installed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    HttpResponse<String> reloaded = sb.post("/api/v1/plugins/echo-r/reload", "");
    assertEquals(200, reloaded.statusCode(), reloaded.body());
    assertEquals(
        "r-rebuilt",
        json(sb.classify("echo-r", "x"))
            .getJsonArray("results")
            .getJsonObject(0)
            .getString("label"));
  }

  @Test
  void deleteRemovesThePluginAndItsFile() throws Exception {
    Path jar = TestPlugins.echo(jars.resolve("d"), "echo-d", "1.0.0", "d");
    assertEquals(201, sb.upload("/api/v1/plugins", jar, "echo-d.jar").statusCode());
    assertEquals(204, sb.delete("/api/v1/plugins/echo-d").statusCode());
    assertEquals(404, sb.get("/api/v1/plugins/echo-d").statusCode());
    assertEquals(404, sb.classify("echo-d", "x").statusCode());
    assertTrue(Files.notExists(home.resolve("plugins/echo-d-1.0.0.jar")));
    assertEquals(
        409, sb.delete("/api/v1/plugins/hello").statusCode(), "built-ins can only be disabled");
  }

  @Test
  void aPluginThatFailsToStartIsListedAsFailedAndTheServerKeepsServing() throws Exception {
    Path jar = TestPlugins.brokenConstructor(jars.resolve("broken"), "broken");
    HttpResponse<String> up = sb.upload("/api/v1/plugins", jar, "broken.jar");
    assertEquals(201, up.statusCode(), up.body());
    JsonObject info = json(up);
    assertEquals("FAILED", info.getString("state"));
    assertTrue(info.getString("error").contains("missing license file"), info.getString("error"));
    HttpResponse<String> list = sb.get("/api/v1/plugins");
    assertTrue(list.body().contains("\"broken\""));
    assertEquals(503, sb.classify("broken", "x").statusCode());
    assertEquals(200, sb.classify("hello", "hi").statusCode());
    assertEquals(200, sb.get("/health").statusCode());
  }

  @Test
  void badUploadsAreRejectedWithAClearReason() throws Exception {
    Path notZip = jars.resolve("not.jar");
    Files.writeString(notZip, "definitely not a jar");
    HttpResponse<String> r = sb.upload("/api/v1/plugins", notZip, "not.jar");
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("not a readable jar"), r.body());

    r = sb.upload("/api/v1/plugins", notZip, "plugin.exe");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains(".jar or .zip"), r.body());

    Path slip = jars.resolve("slip.zip");
    try (OutputStream out = Files.newOutputStream(slip);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("plugin.properties"));
      zip.write("plugin.id=slip\nplugin.version=1.0.0\n".getBytes());
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("../../evil.sh"));
      zip.write("rm -rf /".getBytes());
      zip.closeEntry();
    }
    r = sb.upload("/api/v1/plugins", slip, "slip.zip");
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("outside the plugin"), r.body());

    Path future =
        PluginJarBuilder.plugin("future")
            .requires(">=9.0.0")
            .source("it.future.F", "package it.future; public class F {}", false)
            .build(jars.resolve("future"));
    r = sb.upload("/api/v1/plugins", future, "future.jar");
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("requires plugin API >=9.0.0"), r.body());

    Path badId =
        PluginJarBuilder.plugin("Bad Id")
            .source("it.bad.B", "package it.bad; public class B {}", false)
            .build(jars.resolve("bad"));
    r = sb.upload("/api/v1/plugins", badId, "bad.jar");
    assertEquals(400, r.statusCode(), r.body());
  }

  private interface Call {
    HttpResponse<String> run() throws Exception;
  }

  private static HttpResponse<String> call(Call c) {
    try {
      return c.run();
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}
