package dev.switchboard.testkit.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.model.ModelKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeClassifierModelTest {

  @Test
  void scoresLabelsByTheirWordsInTheText() {
    FakeClassifierModel model = FakeClassifierModel.named("intents", "refund_request", "greeting");
    List<Classification> out =
        model.classify(List.of("I want a refund", "greeting to you", "nothing")).result();
    assertEquals("refund_request", out.get(0).label());
    assertEquals("greeting", out.get(1).label());
    assertEquals(0.5, out.get(2).score(), 1e-9);
    assertEquals(1.0, out.get(0).scores().values().stream().mapToDouble(d -> d).sum(), 1e-9);
    assertEquals(3, model.classifiedTexts());
  }

  @Test
  void scriptedScoresGoThroughASoftmax() {
    FakeClassifierModel model =
        FakeClassifierModel.named("c", "a", "b").scorer(text -> new double[] {0, Math.log(3)});
    Classification c = model.classify(List.of("x")).result().get(0);
    assertEquals("b", c.label());
    assertEquals(0.75, c.score(), 1e-9);
  }

  @Test
  void catalogServesClassifiersByNameAndVersion() {
    FakeModelCatalog catalog = new FakeModelCatalog();
    FakeClassifierModel model = FakeClassifierModel.named("intents", "a", "b").version(3);
    catalog.add(model);
    assertSame(model, catalog.classifier("intents"));
    assertSame(model, catalog.classifier("intents@3"));
    TaskException e = assertThrows(TaskException.class, () -> catalog.classifier("intents@2"));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertThrows(TaskException.class, () -> catalog.classifier("other")).code());
    assertEquals(1, catalog.list().stream().filter(m -> m.kind() == ModelKind.CLASSIFIER).count());
  }
}
