package dev.switchboard.testkit.sample;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.classify.Classifier;
import dev.switchboard.api.classify.ClassifyRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Labels texts short or long. */
@org.pf4j.Extension
public class LengthClassifier implements Classifier {

  @Override
  public String name() {
    return "length";
  }

  @Override
  public Future<List<Classification>> classify(ClassifyRequest request, TaskContext ctx) {
    List<Classification> out = new ArrayList<>();
    for (String input : request.inputs()) {
      double longScore = Math.min(1.0, input.length() / 40.0);
      String label = longScore > 0.5 ? "long" : "short";
      double score = label.equals("long") ? longScore : 1 - longScore;
      out.add(new Classification(label, score, Map.of("long", longScore, "short", 1 - longScore)));
    }
    return Future.succeededFuture(out);
  }
}
