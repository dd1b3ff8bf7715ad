package dev.switchboard.plugins.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.classify.ClassifyRequest;
import dev.switchboard.testkit.PluginTest;
import dev.switchboard.testkit.PluginTestHost;
import dev.switchboard.testkit.models.FakeClassifierModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

@PluginTest(
    pluginId = "classifier",
    config =
        "{\"classifiers\": {\"topic\": {\"labels\": {"
            + "\"billing\": \"invoice payment bill charge\","
            + "\"weather\": \"rain sun forecast weather\"}}}}")
class LabelClassifierTest {

  static ClassifyRequest request(String classifier, JsonObject params, String... texts) {
    return new ClassifyRequest(classifier, List.of(texts), params);
  }

  @Test
  void zeroShotFromConfigDescriptionsBatchInOrder(PluginTestHost host) {
    List<Classification> out =
        host.classify(
                request(
                    "topic", null, "my invoice charge is wrong", "sun and rain forecast", "bill"))
            .result();
    assertEquals(
        List.of("billing", "weather", "billing"), out.stream().map(Classification::label).toList());
    assertEquals(List.of("billing", "weather"), List.copyOf(out.get(0).scores().keySet()));
    assertEquals(1.0, out.get(0).scores().values().stream().mapToDouble(d -> d).sum(), 1e-9);
    assertTrue(out.get(0).score() > 0.9, "a clear match is confident: " + out.get(0));
  }

  @Test
  void labelsInTheRequestWinAndAcceptPlainNames(PluginTestHost host) {
    JsonObject params =
        new JsonObject().put("labels", new JsonArray().add("card_lost").add("rain"));
    Classification c = host.classify(request("topic", params, "my card was lost")).result().get(0);
    assertEquals("card_lost", c.label());
    assertEquals(List.of("card_lost", "rain"), List.copyOf(c.scores().keySet()));
  }

  @Test
  void temperatureSharpensTheSoftmax(PluginTestHost host) {
    JsonObject labels = new JsonObject().put("a", "apple pie").put("b", "car engine");
    double hot =
        host.classify(
                request(
                    null, new JsonObject().put("labels", labels).put("temperature", 1.0), "apple"))
            .result()
            .get(0)
            .score();
    double cold =
        host.classify(
                request(
                    null, new JsonObject().put("labels", labels).put("temperature", 0.01), "apple"))
            .result()
            .get(0)
            .score();
    assertTrue(cold > hot, cold + " vs " + hot);
    assertTrue(hot > 0.5 && hot < 0.8, "at temperature 1 similarities barely separate: " + hot);
  }

  @Test
  void trainedClassifierOfTheSameNameReplacesTheZeroShotOne(PluginTestHost host) {
    FakeClassifierModel trained = FakeClassifierModel.named("topic", "refund", "greeting");
    host.models().add(trained);
    Classification c = host.classify(request("topic", null, "refund please")).result().get(0);
    assertEquals("refund", c.label());
    assertEquals(1, trained.classifiedTexts());
  }

  @Test
  void pinnedVersionMustExist(PluginTestHost host) {
    host.models().add(FakeClassifierModel.named("intents", "refund", "greeting").version(2));
    assertEquals(
        "refund",
        host.classify(request("intents", new JsonObject().put("version", 2), "refund"))
            .result()
            .get(0)
            .label());
    host.classify(request("intents", new JsonObject().put("version", 1), "refund"))
        .assertFailedWith(ErrorCode.NOT_FOUND);
    host.classify(request("topic", new JsonObject().put("version", 1), "refund"))
        .assertFailedWith(ErrorCode.NOT_FOUND);
  }

  @Test
  void unknownOrUnnamedClassifiersSayWhatToDo(PluginTestHost host) {
    String message =
        host.classify(request("nope", null, "x"))
            .assertFailedWith(ErrorCode.NOT_FOUND)
            .getMessage();
    assertTrue(message.contains("training-jobs"), message);
    host.classify(request(null, null, "x")).assertFailedWith(ErrorCode.INVALID_INPUT);
    host.classify(
            request(null, new JsonObject().put("labels", new JsonObject().put("a", "x")), "x"))
        .assertFailedWith(ErrorCode.INVALID_INPUT);
    host.classify(
            request(
                null,
                new JsonObject()
                    .put("labels", new JsonArray().add("a").add("b"))
                    .put("temperature", 0),
                "x"))
        .assertFailedWith(ErrorCode.INVALID_INPUT);
  }
}
