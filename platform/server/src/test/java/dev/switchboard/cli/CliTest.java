package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.TestPlugins;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process against a temporary home. */
class CliTest {

  @TempDir Path home;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Cli.run(
            args,
            Map.of("SWITCHBOARD_HOME", home.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void modelsCreateRandomListAndRemove() {
    Run created = run("models", "create-random", "tiny-one", "--shape", "tiny", "--seed", "3");
    assertEquals(0, created.code(), created.err());
    assertTrue(Files.isRegularFile(home.resolve("models/tiny-one/config.json")));
    assertTrue(Files.isRegularFile(home.resolve("models/tiny-one/tokenizer.json")));
    Run list = run("models", "list");
    assertEquals(0, list.code());
    assertTrue(
        list.out().contains("tiny-one")
            && list.out().contains("chat")
            && list.out().contains("true"),
        list.out());
    Run again = run("models", "create-random", "tiny-one", "--shape", "tiny");
    assertEquals(2, again.code());
    assertTrue(again.err().contains("already exists"), again.err());
    Run bad = run("models", "create-random", "x", "--shape", "enormous");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("enormous"), bad.err());
    assertEquals(0, run("models", "rm", "tiny-one").code());
    assertTrue(Files.notExists(home.resolve("models/tiny-one")));
    assertEquals(2, run("models", "rm", "tiny-one").code());
  }

  @Test
  void pluginsInstallValidatesAndLists() throws Exception {
    Path jar = TestPlugins.echo(home.resolve("jars"), "cli-echo", "1.2.3", "x");
    Run installed = run("plugins", "install", jar.toString());
    assertEquals(0, installed.code(), installed.err());
    assertTrue(Files.exists(home.resolve("plugins/cli-echo-1.2.3.jar")));
    Run list = run("plugins", "list");
    assertTrue(list.out().contains("cli-echo") && list.out().contains("1.2.3"), list.out());
    Path notAJar = home.resolve("x.jar");
    Files.writeString(notAJar, "nope");
    Run bad = run("plugins", "install", notAJar.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("not a readable jar"), bad.err());
  }

  @Test
  void helpListsEverySettingAndUnknownCommandsFail() {
    Run help = run("help");
    assertEquals(0, help.code());
    assertTrue(
        help.out().contains("SWITCHBOARD_MAX_BODY_BYTES")
            && help.out().contains("--max-body-bytes"),
        help.out());
    assertEquals(2, run("frobnicate").code());
    Run badPort = run("serve", "--port", "eighty");
    assertEquals(2, badPort.code());
    assertTrue(badPort.err().contains("SWITCHBOARD_PORT"));
  }
}
