package dev.switchboard.http;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Parameter;

/**
 * One path or query parameter: its text read as its schema's type (only scalars: a query string
 * carries no JSON) and checked against the schema.
 *
 * @param name the parameter's name
 * @param in where it is
 * @param required whether it must be present
 * @param type the schema type: string, integer, number or boolean
 * @param schema the schema, for messages
 * @param check the compiled schema, or null when it does not compile
 * @param validator the schema for vertx-json-schema, which explains a refusal
 * @param label the operation, for messages
 */
record ParameterRule(
    String name,
    Location in,
    boolean required,
    String type,
    JsonObject schema,
    SchemaCheck.Check check,
    Validator validator,
    String label) {

  static ParameterRule of(
      OpenAPIContract contract, Parameter p, String label, SchemaCheck.Check check) {
    JsonObject schema = p.getOpenAPIModel().getJsonObject("schema");
    String type = schema.getString("type");
    if (!type.equals("string")
        && !type.equals("integer")
        && !type.equals("number")
        && !type.equals("boolean")) {
      throw new IllegalStateException(label + ": parameter " + p.getName() + " is not a scalar");
    }
    return new ParameterRule(
        p.getName(),
        p.getIn(),
        p.isRequired(),
        type,
        schema,
        check,
        contract.getSchemaRepository().validator(p.getSchema()),
        label);
  }

  /** Checks one value; null (or empty, for a non-string) is absent. */
  void check(String raw) {
    if (raw == null || (raw.isEmpty() && !type.equals("string"))) {
      if (required) {
        throw new FieldError(name, where() + ": required");
      }
      return;
    }
    Object value = typed(raw);
    if (check != null && check.test(value)) {
      return;
    }
    OutputUnit result = validator.validate(value);
    if (!result.getValid()) {
      throw SchemaErrors.describe(result, value, schema, where(), label);
    }
  }

  private String where() {
    return (in == Location.PATH ? "path." : "query.") + name;
  }

  /**
   * The text as a JSON value of the schema's type, or the text itself when it is not one (the
   * schema then reports the type). Integers are what {@link Long#parseLong} reads, so that handlers
   * can parse a checked value the same way.
   */
  private Object typed(String raw) {
    try {
      return switch (type) {
        case "integer" -> Long.parseLong(raw);
        case "number" -> Double.isFinite(Double.parseDouble(raw)) ? Double.parseDouble(raw) : raw;
        case "boolean" ->
            raw.equals("true") ? Boolean.TRUE : raw.equals("false") ? Boolean.FALSE : raw;
        default -> raw;
      };
    } catch (NumberFormatException e) {
      return raw;
    }
  }
}
