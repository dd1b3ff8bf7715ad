package dev.switchboard.http;

import dev.switchboard.api.TaskException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
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
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled checks of one operation: one per path and query parameter and one for the JSON body,
 * built once. Each is a {@link SchemaCheck} for the verdict and a vertx-json-schema validator for
 * the explanation when the verdict is no.
 */
final class OperationRules {

  private static final Logger LOG = LoggerFactory.getLogger(OperationRules.class);

  private final String label;
  private final List<ParameterRule> parameters;
  private final SchemaCheck.Check body;
  private final Validator bodyExplained;
  private final JsonObject bodySchema;
  private final boolean bodyRequired;

  private OperationRules(
      String label,
      List<ParameterRule> parameters,
      SchemaCheck.Check body,
      Validator bodyExplained,
      JsonObject bodySchema,
      boolean bodyRequired) {
    this.label = label;
    this.parameters = parameters;
    this.body = body;
    this.bodyExplained = bodyExplained;
    this.bodySchema = bodySchema;
    this.bodyRequired = bodyRequired;
  }

  static OperationRules of(OpenAPIContract contract, Operation operation, OpenApiSpec spec) {
    String label = operation.getHttpMethod().name() + " " + operation.getOpenAPIPath();
    JsonObject pathItem =
        spec.document().getJsonObject("paths").getJsonObject(operation.getOpenAPIPath());
    JsonObject raw =
        pathItem.getJsonObject(operation.getHttpMethod().name().toLowerCase(Locale.ROOT));
    List<ParameterRule> parameters = new ArrayList<>();
    for (Parameter p : operation.getParameters()) {
      if (p.getIn() == Location.PATH || p.getIn() == Location.QUERY) {
        JsonObject schema = parameterSchema(spec, p, raw, pathItem);
        parameters.add(
            ParameterRule.of(contract, p, label, compiled(schema, spec, contract, label)));
      }
    }
    SchemaCheck.Check body = null;
    Validator explained = null;
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
        explained = contract.getSchemaRepository().validator(json.getSchema());
        JsonObject rawBody = spec.dereferenced(raw.getJsonObject("requestBody"));
        body =
            compiled(
                spec.dereferenced(
                        rawBody.getJsonObject("content").getJsonObject("application/json"))
                    .getJsonObject("schema"),
                spec,
                contract,
                label);
      }
    }
    return new OperationRules(
        label, List.copyOf(parameters), body, explained, bodySchema, required);
  }

  private static SchemaCheck.Check compiled(
      JsonObject schema, OpenApiSpec spec, OpenAPIContract contract, String label) {
    SchemaCheck.Check check = SchemaCheck.compile(schema, spec, contract.getSchemaRepository());
    if (check == null) {
      LOG.warn(
          "{}: a schema uses keywords not compiled; vertx-json-schema checks it (slower)", label);
    }
    return check;
  }

  /** The parameter's schema as written in the document (operation level first, then path level). */
  private static JsonObject parameterSchema(
      OpenApiSpec spec, Parameter p, JsonObject operation, JsonObject pathItem) {
    for (JsonObject owner : List.of(operation, pathItem)) {
      JsonArray declared = owner.getJsonArray("parameters", new JsonArray());
      for (Object entry : declared) {
        JsonObject candidate = spec.dereferenced((JsonObject) entry);
        if (p.getName().equals(candidate.getString("name"))
            && p.getIn().toString().equalsIgnoreCase(candidate.getString("in"))) {
          return candidate.getJsonObject("schema");
        }
      }
    }
    throw new IllegalStateException("parameter " + p.getName() + " is not in the document");
  }

  /** {@code METHOD /path/{param}}, as in the document. */
  String label() {
    return label;
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
    if (bodyExplained == null) {
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
    if (body == null || !body.test(value)) {
      OutputUnit result = bodyExplained.validate(value);
      if (!result.getValid()) {
        throw SchemaErrors.describe(result, value, bodySchema, "body", label);
      }
    }
    return (JsonObject) value;
  }
}
