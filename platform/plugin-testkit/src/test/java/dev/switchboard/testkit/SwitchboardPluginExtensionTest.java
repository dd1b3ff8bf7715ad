package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.switchboard.api.chat.ChatHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@PluginTest(pluginId = "sample", config = "{\"prefix\": \"class: \"}", deadlineMillis = 5_000)
class SwitchboardPluginExtensionTest {

  private PluginTestHost fromBeforeEach;
  private static PluginTestHost previous;

  @BeforeEach
  void remember(PluginTestHost host) {
    fromBeforeEach = host;
  }

  @Test
  void injectsAHostConfiguredByTheClassAnnotation(PluginTestHost host) {
    assertSame(fromBeforeEach, host);
    assertEquals("sample", host.pluginId());
    assertEquals(
        "class: hi", host.task().extension("echo").chat("hi").result().message().content());
    assertEquals(3, host.extensions(ChatHandler.class).size());
    checkFresh(host);
  }

  @Test
  @PluginTest(config = "{\"prefix\": \"method: \"}")
  void aMethodAnnotationWins(PluginTestHost host) {
    assertEquals("test-plugin", host.pluginId());
    assertEquals(
        "method: hi", host.task().extension("echo").chat("hi").result().message().content());
    checkFresh(host);
  }

  private static synchronized void checkFresh(PluginTestHost host) {
    if (previous != null) {
      assertNotSame(previous, host);
    }
    previous = host;
  }
}
