package dev.switchboard.plugins.classifier;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.classify.Classifier;
import dev.switchboard.api.classify.ClassifyRequest;
import dev.switchboard.api.model.ClassifierModelHandle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.pf4j.Extension;

/**
 * Named classifiers. For each request, in this order:
 *
 * <ol>
 *   <li>request params {@code labels} ({@code {"name":"description"}} or {@code ["name"]}):
 *       zero-shot over those labels, with params {@code temperature} and {@code embeddingModel};
 *   <li>a trained classifier of that name hosted by the server ({@code ctx.models().classifier}),
 *       at params {@code version} when given, else the active version;
 *   <li>a zero-shot definition of that name in the plugin config.
 * </ol>
 *
 * A trained version thus replaces a configured zero-shot classifier of the same name as soon as it
 * exists.
 */
@Extension
public class LabelClassifier implements Classifier {

  @Override
  public String name() {
    return "classifier";
  }

  @Override
  public Future<List<Classification>> classify(ClassifyRequest request, TaskContext ctx) {
    try {
      return route(request, ctx);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<List<Classification>> route(ClassifyRequest request, TaskContext ctx) {
    ClassifierSettings settings = ClassifierSettings.from(ctx.config());
    JsonObject params = request.params();
    if (params.containsKey("labels")) {
      ZeroShotSpec spec =
          ZeroShotSpec.from(
              params, "request params", settings.temperature(), settings.embeddingModel());
      return ZeroShot.classify(
          spec, ctx.models().embeddings(spec.embeddingModel()), request.inputs());
    }
    String name =
        request.classifier() != null ? request.classifier() : settings.defaultClassifier();
    if (name == null) {
      throw TaskException.invalid(
          "name a classifier ('classifier'), give labels in params ('labels'), or set a"
              + " 'default' in the classifier plugin's config");
    }
    ClassifierModelHandle trained = trained(name, params, ctx);
    if (trained != null) {
      return trained.classify(request.inputs());
    }
    ZeroShotSpec spec = settings.zeroShot(name);
    if (spec == null) {
      throw TaskException.notFound(
          "unknown classifier "
              + name
              + ": train one (POST /api/v1/training-jobs with kind 'classifier'), define its"
              + " labels under 'classifiers' in the classifier plugin's config, or pass"
              + " params.labels");
    }
    return ZeroShot.classify(
        spec, ctx.models().embeddings(spec.embeddingModel()), request.inputs());
  }

  /** The hosted trained version, or null when none exists and a zero-shot fallback may apply. */
  private static ClassifierModelHandle trained(String name, JsonObject params, TaskContext ctx) {
    Object version = params.getValue("version");
    if (version != null && !(version instanceof Number)) {
      throw TaskException.invalid("'version' must be an integer");
    }
    String ref = version == null ? name : name + "@" + ((Number) version).intValue();
    try {
      return ctx.models().classifier(ref);
    } catch (TaskException e) {
      // A pinned version that does not exist is the caller's error, never a silent fallback.
      if (e.code() == ErrorCode.NOT_FOUND && version == null) {
        return null;
      }
      throw e;
    }
  }
}
