package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.SwitchboardConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {

  private static SwitchboardConfig config(Map<String, String> env) {
    return SwitchboardConfig.from(env, Map.of());
  }

  @Test
  void defaults() {
    SwitchboardConfig c = config(Map.of());
    assertEquals(20, c.rateLimitRps());
    assertEquals(40, c.rateLimitBurst());
    assertEquals(List.of(), c.corsOrigins());
  }

  @Test
  void originsAreACommaSeparatedList() {
    SwitchboardConfig c =
        config(
            Map.of(
                "SWITCHBOARD_CORS_ORIGINS",
                " https://app.example.com, http://localhost:3000 ,",
                "SWITCHBOARD_RATE_LIMIT_RPS",
                "0.5",
                "SWITCHBOARD_RATE_LIMIT_BURST",
                "3"));
    assertEquals(List.of("https://app.example.com", "http://localhost:3000"), c.corsOrigins());
    assertEquals(0.5, c.rateLimitRps());
    assertEquals(3, c.rateLimitBurst());
    assertEquals(List.of("*"), config(Map.of("SWITCHBOARD_CORS_ORIGINS", "*")).corsOrigins());
  }

  @Test
  void malformedValuesNameTheVariable() {
    for (Map<String, String> bad :
        List.of(
            Map.of("SWITCHBOARD_CORS_ORIGINS", "https://app.example.com/path"),
            Map.of("SWITCHBOARD_CORS_ORIGINS", "app.example.com"),
            Map.of("SWITCHBOARD_RATE_LIMIT_RPS", "-1"),
            Map.of("SWITCHBOARD_RATE_LIMIT_RPS", "fast"),
            Map.of("SWITCHBOARD_RATE_LIMIT_BURST", "0"))) {
      String message = assertThrows(ConfigException.class, () -> config(bad)).getMessage();
      assertTrue(message.contains(bad.keySet().iterator().next()), message);
    }
  }
}
