package dev.switchboard.evaluation;

import io.vertx.core.json.JsonObject;

/**
 * What an eval run asks: the same fields a production request names, so the router resolves them
 * exactly as it does for live traffic. All optional: an empty target evaluates whatever the routing
 * table serves.
 *
 * @param plugin a plugin id, or null for the routing table's choice
 * @param model a model name, or null for the route's default
 * @param classifier a named classifier (classification), or null
 * @param collection the collection to search (retrieval; required there)
 * @param params task params: classifier params, or chat generation params
 */
public record EvalTarget(
    String plugin, String model, String classifier, String collection, JsonObject params) {

  /** Reads {@code "target"} of {@code POST /api/v1/eval-runs}, whose types openapi.yaml checks. */
  public static EvalTarget fromJson(JsonObject json) {
    if (json == null) {
      return new EvalTarget(null, null, null, null, null);
    }
    return new EvalTarget(
        json.getString("plugin"),
        json.getString("model"),
        json.getString("classifier"),
        json.getString("collection"),
        json.getJsonObject("params"));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("plugin", plugin)
        .put("model", model)
        .put("classifier", classifier)
        .put("collection", collection)
        .put("params", params);
  }
}
