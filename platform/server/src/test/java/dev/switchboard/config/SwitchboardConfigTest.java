package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.cli.Flags;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwitchboardConfigTest {

  @Test
  void defaultsFollowTheHome() {
    SwitchboardConfig c = SwitchboardConfig.from(Map.of("SWITCHBOARD_HOME", "/srv/sb"), Map.of());
    assertEquals(8080, c.port());
    assertEquals("127.0.0.1", c.host());
    assertEquals(Path.of("/srv/sb/plugins"), c.pluginsDir());
    assertEquals(Path.of("/srv/sb/models"), c.modelsDir());
    assertEquals(10L * 1024 * 1024, c.maxBodyBytes());
    assertTrue(c.databaseUrl().isEmpty());
    assertTrue(c.boundToLoopback());
  }

  @Test
  void flagsWinOverTheEnvironment() {
    Flags flags =
        Flags.parse(new String[] {"serve", "--port", "9090", "--max-body-bytes=2048", "--verbose"});
    SwitchboardConfig c =
        SwitchboardConfig.from(
            Map.of("SWITCHBOARD_PORT", "7070", "SWITCHBOARD_HOME", "/tmp/x"), flags.settings());
    assertEquals(9090, c.port());
    assertEquals(2048, c.maxBodyBytes());
    assertEquals("serve", flags.word(0));
    assertEquals("true", flags.options().get("verbose"));
  }

  @Test
  void malformedValuesNameTheVariable() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> SwitchboardConfig.from(Map.of("SWITCHBOARD_PORT", "eighty"), Map.of()));
    assertTrue(e.getMessage().contains("SWITCHBOARD_PORT"));
    e =
        assertThrows(
            ConfigException.class,
            () -> SwitchboardConfig.from(Map.of("SWITCHBOARD_PORT", "70000"), Map.of()));
    assertTrue(e.getMessage().contains("65535"));
    e =
        assertThrows(
            ConfigException.class,
            () ->
                SwitchboardConfig.from(Map.of("SWITCHBOARD_EVAL_LOG_SAMPLE_RATE", "2"), Map.of()));
    assertTrue(e.getMessage().contains("between 0 and 1"));
    e =
        assertThrows(
            ConfigException.class,
            () -> SwitchboardConfig.from(Map.of("SWITCHBOARD_LOG_FORMAT", "xml"), Map.of()));
    assertTrue(e.getMessage().contains("text, json"));
  }
}
