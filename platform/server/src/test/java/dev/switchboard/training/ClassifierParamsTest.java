package dev.switchboard.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ClassifierParamsTest {

  static final Predicate<String> BERT = "bert"::equals;

  static ClassifierParams parse(JsonObject p, boolean gpu) {
    return ClassifierParams.parse(p, gpu, BERT);
  }

  static String error(JsonObject p, boolean gpu) {
    return assertThrows(IllegalArgumentException.class, () -> parse(p, gpu)).getMessage();
  }

  @Test
  void autoFineTunesOnlyOnAGpuWithATrainableEncoder() {
    ClassifierParams p = parse(new JsonObject().put("encoder", "bert"), true);
    assertTrue(p.fineTune());
    assertEquals("bert", p.encoder());
    assertEquals(5e-5f, p.fineTuning().learningRate());
    assertNull(p.head());

    assertFalse(parse(new JsonObject().put("encoder", "bert"), false).fineTune());
    assertFalse(parse(new JsonObject().put("encoder", "onnx"), true).fineTune());
    assertFalse(parse(new JsonObject(), true).fineTune());
    assertFalse(parse(null, true).fineTune());
    assertTrue(
        parse(new JsonObject().put("fineTune", "auto").put("encoder", "bert"), true).fineTune());
  }

  @Test
  void explicitChoiceWinsAndKeepsEachTrainersParams() {
    ClassifierParams p =
        parse(
            new JsonObject().put("fineTune", true).put("encoder", "bert").put("epochs", 2), false);
    assertTrue(p.fineTune());
    assertEquals(2, p.fineTuning().epochs());
    p = parse(new JsonObject().put("fineTune", false).put("embeddingModel", "bert"), true);
    assertFalse(p.fineTune());
    assertEquals("bert", p.encoder());
    assertEquals("softmax", p.head().architecture());
    p = parse(new JsonObject().put("encoder", "m").put("embeddingModel", "m"), false);
    assertEquals("m", p.encoder());
  }

  @Test
  void explainsWhatIsWrong() {
    assertTrue(error(new JsonObject().put("fineTune", true), true).contains("'encoder'"));
    assertTrue(error(new JsonObject().put("fineTune", "yes"), true).contains("\"auto\""));
    assertTrue(error(new JsonObject().put("encoder", 3), true).contains("encoder must be"));
    assertTrue(
        error(new JsonObject().put("encoder", "a").put("embeddingModel", "b"), true)
            .contains("one of them"));
    String m =
        error(
            new JsonObject().put("fineTune", true).put("encoder", "bert").put("hiddenUnits", 8),
            true);
    assertTrue(m.contains("hiddenUnits") && m.contains("fine-tuning the encoder"), m);
    m = error(new JsonObject().put("encoder", "bert").put("maxLength", 64), false);
    assertTrue(m.contains("maxLength") && m.contains("no GPU"), m);
    m = error(new JsonObject().put("fineTune", false).put("maxLength", 64), true);
    assertTrue(m.contains("head over frozen embeddings"), m);
  }
}
