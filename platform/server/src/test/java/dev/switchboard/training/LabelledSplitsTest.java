package dev.switchboard.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.api.TaskException;
import dev.switchboard.datasets.VersionExample;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LabelledSplitsTest {

  static VersionExample ex(String text, String label, String split) {
    return new VersionExample(
        UUID.randomUUID(), text, new JsonObject().put("text", text), null, label, split);
  }

  @Test
  void splitsByTheVersionsSplitAndSkipsUnlabelled() {
    LabelledSplits s =
        LabelledSplits.of(
            List.of(
                ex("a", "b-label", "train"),
                ex("b", "a-label", null),
                ex("c", "a-label", "validation"),
                ex("d", "c-label", "test"),
                ex("e", null, "train")));
    assertEquals(List.of("a-label", "b-label"), s.labels());
    assertEquals(2, s.train().size());
    assertEquals(1, s.validation().size());
    assertEquals(1, s.test().size());
    assertEquals(-1, s.id("c-label"));
    assertEquals(1, s.id("b-label"));
  }

  @Test
  void needsTwoTrainingLabels() {
    assertThrows(
        TaskException.class,
        () -> LabelledSplits.of(List.of(ex("a", "x", "train"), ex("b", "y", "test"))));
  }

  @Test
  void paramsAreCheckedBeforeQueueing() {
    assertEquals(
        "mlp",
        ClassifierParams.parse(
                new JsonObject().put("architecture", "mlp").put("embeddingModel", "m"),
                false,
                m -> false)
            .head()
            .architecture());
    assertThrows(
        IllegalArgumentException.class,
        () -> ClassifierParams.parse(new JsonObject().put("epochz", 1), false, m -> false));
    assertThrows(
        IllegalArgumentException.class,
        () -> ClassifierParams.parse(new JsonObject().put("embeddingModel", 3), false, m -> false));
  }
}
