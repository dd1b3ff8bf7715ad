package dev.switchboard.testkit.sample;

import dev.switchboard.api.TaskContext;
import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.classify.Classifier;
import dev.switchboard.api.classify.ClassifyRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Broken on purpose: scores out of range, a label missing from its scores, results reversed. */
@org.pf4j.Extension
public class BadClassifier implements Classifier {

  @Override
  public String name() {
    return "bad";
  }

  @Override
  public Future<List<Classification>> classify(ClassifyRequest request, TaskContext ctx) {
    List<Classification> out = new ArrayList<>();
    for (String input : request.inputs()) {
      out.add(new Classification("len" + input.length(), input.length(), Map.of("other", 2.0)));
    }
    Collections.reverse(out);
    return Future.succeededFuture(out);
  }
}
