package dev.switchboard.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.TaskType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

  private static PluginDirectory serving(Set<String> up) {
    return new PluginDirectory() {
      public boolean exists(String id) {
        return true;
      }

      public boolean provides(String id, TaskType task) {
        return true;
      }

      public boolean isServing(String id) {
        return up.contains(id);
      }

      public List<String> servingProviders(TaskType task) {
        return List.copyOf(up);
      }
    };
  }

  @Test
  void weightsSplitTrafficAndShadowsAreKeptApart() {
    RoutingTable table =
        new RoutingTable(
            List.of(
                new Route(TaskType.CLASSIFY, "a", null, null, 75, false, null),
                new Route(TaskType.CLASSIFY, "b", null, null, 25, false, null),
                new Route(TaskType.CLASSIFY, "c", null, null, 100, true, null)));
    int a = 0;
    for (int i = 0; i < 4000; i++) {
      if (table
          .select(TaskType.CLASSIFY, serving(Set.of("a", "b", "c")))
          .orElseThrow()
          .pluginId()
          .equals("a")) {
        a++;
      }
    }
    assertTrue(a > 2800 && a < 3200, "a got " + a + " of 4000");
    assertEquals("c", table.shadows(TaskType.CLASSIFY).get(0).pluginId());
    assertTrue(table.select(TaskType.CHAT, serving(Set.of("a"))).isEmpty());
  }

  @Test
  void aDownRouteFallsOverToAServingOne() {
    RoutingTable table =
        new RoutingTable(
            List.of(
                new Route(TaskType.CLASSIFY, "a", null, null, 99, false, null),
                new Route(TaskType.CLASSIFY, "b", null, null, 1, false, null)));
    for (int i = 0; i < 100; i++) {
      assertEquals(
          "b", table.select(TaskType.CLASSIFY, serving(Set.of("b"))).orElseThrow().pluginId());
    }
  }

  @Test
  void envelopesRoundTripThroughJson() {
    TaskEnvelope e =
        new TaskEnvelope(
            "id-1",
            TaskType.CHAT,
            "p",
            "x",
            "m",
            new io.vertx.core.json.JsonObject().put("k", 1),
            new dev.switchboard.api.Principal("u", "key", List.of("chat")),
            "conv",
            java.time.Instant.ofEpochMilli(123456),
            "sb.stream.id-1",
            false);
    assertEquals(e, TaskEnvelope.fromJson(e.toJson()));
    io.vertx.core.buffer.Buffer wire = io.vertx.core.buffer.Buffer.buffer();
    new TaskEnvelopeCodec().encodeToWire(wire, e);
    assertEquals(e, new TaskEnvelopeCodec().decodeFromWire(0, wire));
  }
}
