package dev.switchboard.http;

import dev.switchboard.api.TaskException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The compiled checks of one operation: a schema validator per path and query parameter and one for
 * the JSON body, built once.
 */
final class OperationRules {

  private final String label;
  private final List<ParameterRule> parameters;
  private final Validator body;
  private final JsonObject bodySchema;
  private final boolean bodyRequired;

  private OperationRules(
      String label,
      List<ParameterRule> parameters,
      Validator body,
      JsonObject bodySchema,
      boolean bodyRequired) {
    this.label = label;
    this.parameters = parameters;
    this.body = body;
    this.bodySchema = bodySchema;
    this.bodyRequired = bodyRequired;
  }

  static OperationRules of(OpenAPIContract contract, Operation operation) {
    String label = operation.getHttpMethod().name() + " " + operation.getOpenAPIPath();
    List<ParameterRule> parameters = new ArrayList<>();
    for (Parameter p : operation.getParameters()) {
      if (p.getIn() == Location.PATH || p.getIn() == Location.QUERY) {
        parameters.add(ParameterRule.of(contract, p, label));
      }
    }
    Validator body = null;
    JsonObject bodySchema = null;
    boolean required = false;
    if (operation.getRequestBody() != null) {
      MediaType json = operation.getRequestBody().getContent().get("application/json");
      required = operation.getRequestBody().isRequired();
      if (json != null && json.getSchema() != null) {
        bodySchema = json.getOpenAPIModel().getJsonObject("schema");
        if (!"object".equals(bodySchema.getValue("type"))) {
          throw new IllegalStateException(label + ": a JSON request body must be an object");
        }
        body = contract.getSchemaRepository().validator(json.getSchema());
      }
    }
    return new OperationRules(label, List.copyOf(parameters), body, bodySchema, required);
  }

  void checkParameters(MultiMap query, Map<String, String> path) {
    for (ParameterRule rule : parameters) {
      rule.check(rule.in() == Location.PATH ? path.get(rule.name()) : query.get(rule.name()));
    }
  }

  /**
   * Parses and checks the JSON body and keeps it for {@link Bodies#object}. Operations without a
   * JSON body schema (CSV imports, multipart uploads) are left to their handlers.
   */
  void checkBody(RoutingContext ctx) {
    if (body == null) {
      return;
    }
    RequestBody raw = ctx.body();
    if (raw == null || raw.length() <= 0) {
      if (bodyRequired) {
        throw new FieldError(null, "body: a JSON object is required");
      }
      return;
    }
    Bodies.keep(ctx, parse(raw.buffer()));
  }

  /** The body parsed and checked against the schema. */
  JsonObject parse(Buffer raw) {
    Object value;
    try {
      value = raw.toJsonValue();
    } catch (DecodeException e) {
      throw TaskException.invalid("the body is not valid JSON");
    }
    OutputUnit result = body.validate(value);
    if (!result.getValid()) {
      throw SchemaErrors.describe(result, value, bodySchema, "body", label);
    }
    return (JsonObject) value;
  }
}
