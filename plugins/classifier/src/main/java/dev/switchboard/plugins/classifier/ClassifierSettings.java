package dev.switchboard.plugins.classifier;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;

/**
 * The plugin's configuration, read on every call:
 *
 * <pre>{@code
 * {"default": "intents",                 // classifier used when a request names none
 *  "temperature": 0.05,                  // zero-shot softmax temperature
 *  "embeddingModel": null,               // zero-shot embedding model (null: platform default)
 *  "classifiers": {"intents": {"labels": {"refund": "asks for money back", ...},
 *                              "temperature": 0.05, "embeddingModel": null}}}
 * }</pre>
 *
 * @param defaultClassifier the classifier for requests that name none, or null
 * @param temperature the default zero-shot temperature
 * @param embeddingModel the default zero-shot embedding model, or null
 * @param classifiers the zero-shot definitions by name
 */
record ClassifierSettings(
    String defaultClassifier, double temperature, String embeddingModel, JsonObject classifiers) {

  static ClassifierSettings from(JsonObject config) {
    Object t = config.getValue("temperature");
    Object m = config.getValue("embeddingModel");
    Object d = config.getValue("default");
    Object c = config.getValue("classifiers");
    if (c != null && !(c instanceof JsonObject)) {
      throw TaskException.invalid("classifier config 'classifiers' must be an object by name");
    }
    return new ClassifierSettings(
        d instanceof String s && !s.isBlank() ? s : null,
        t instanceof Number n && n.doubleValue() > 0
            ? n.doubleValue()
            : ZeroShotSpec.DEFAULT_TEMPERATURE,
        m instanceof String s && !s.isBlank() ? s : null,
        c == null ? new JsonObject() : (JsonObject) c);
  }

  /** The zero-shot definition of a configured classifier, or null when the config has none. */
  ZeroShotSpec zeroShot(String name) {
    Object def = classifiers.getValue(name);
    if (def == null) {
      return null;
    }
    if (!(def instanceof JsonObject o)) {
      throw TaskException.invalid("classifier config 'classifiers." + name + "' must be an object");
    }
    return ZeroShotSpec.from(o, "classifier config '" + name + "'", temperature, embeddingModel);
  }
}
