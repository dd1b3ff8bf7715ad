package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DevModeTest {

  @Test
  void onlyLoopbackAddressesCount() {
    for (String a : new String[] {"127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1", "[::1]"}) {
      assertTrue(DevMode.isLoopbackAddress(a), a);
    }
    assertTrue(DevMode.isLoopbackAddress("::ffff:127.0.0.1"));
    for (String a :
        new String[] {
          "10.0.0.1",
          "192.168.1.2",
          "0.0.0.0",
          "::",
          "::ffff:10.0.0.1",
          "1.127.0.0",
          "127.0.0",
          "127.0.0.1.5",
          "127..0.1",
          "127.0.0.",
          "127.0.0.1000",
          "127.0.0.x",
          "127."
        }) {
      assertFalse(DevMode.isLoopbackAddress(a), a);
    }
    assertFalse(DevMode.isLoopbackAddress(null));
  }

  @Test
  void onlyLoopbackHostNamesCountSoRebindingFails() {
    assertTrue(DevMode.isLoopbackName("localhost"));
    assertTrue(DevMode.isLoopbackName("LOCALHOST"));
    assertTrue(DevMode.isLoopbackName("app.localhost"));
    assertTrue(DevMode.isLoopbackName("127.0.0.1"));
    assertFalse(DevMode.isLoopbackName("attacker.example"));
    assertFalse(DevMode.isLoopbackName("localhost.attacker.example"));
    assertFalse(DevMode.isLoopbackName("127.0.0.1.nip.io"));
  }
}
