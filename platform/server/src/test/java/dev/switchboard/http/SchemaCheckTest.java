package dev.switchboard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The compiled checks give vertx-json-schema's answers: for every schema in {@code openapi.yaml}
 * (request bodies and parameters), a value built to pass and every one-spot change of it (each
 * field and item replaced by values of every JSON type and edge, removed, or joined by an unknown
 * field) is valid for one exactly when it is valid for the other.
 */
class SchemaCheckTest {

  private static final List<Object> PALETTE =
      List.of(
          true,
          0,
          -1,
          1,
          1.0,
          1.5,
          -0.5,
          2_147_483_648L,
          1e300,
          "",
          " ",
          "x",
          "robot",
          "hello there",
          "😀",
          "a".repeat(201),
          "a".repeat(2001),
          "bad name!",
          "2026-01-31T12:00:00Z",
          "2026-01-31",
          "0b9e7a43-5d0a-4b8e-9d4c-2a3f2d1e0c11",
          "text",
          "function",
          "auto",
          new JsonArray(),
          new JsonArray().add("a"),
          new JsonArray().add(1),
          new JsonArray().add(new JsonArray().add(1)),
          new JsonObject(),
          new JsonObject().put("a", 1),
          new JsonObject().put("type", "text").put("text", "hi"));

  private static Vertx vertx;
  private static OpenApiSpec spec;
  private static OpenAPIContract contract;

  @BeforeAll
  static void load() throws Exception {
    vertx = Vertx.vertx();
    spec = OpenApiSpec.load();
    contract =
        OpenAPIContract.from(vertx, RequestValidation.validatable(spec.document()))
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void close() {
    vertx.close();
  }

  @TestFactory
  Stream<DynamicTest> compiledChecksAgreeWithVertxJsonSchema() {
    List<DynamicTest> tests = new ArrayList<>();
    SchemaRepository repository = contract.getSchemaRepository();
    for (Operation operation : contract.operations()) {
      String label = operation.getHttpMethod().name() + " " + operation.getOpenAPIPath();
      JsonObject raw =
          spec.document()
              .getJsonObject("paths")
              .getJsonObject(operation.getOpenAPIPath())
              .getJsonObject(operation.getHttpMethod().name().toLowerCase(Locale.ROOT));
      if (operation.getRequestBody() != null) {
        MediaType json = operation.getRequestBody().getContent().get("application/json");
        if (json != null) {
          JsonObject schema =
              raw.getJsonObject("requestBody")
                  .getJsonObject("content")
                  .getJsonObject("application/json")
                  .getJsonObject("schema");
          tests.add(agreement(label + " body", schema, repository.validator(json.getSchema())));
        }
      }
      for (Parameter p : operation.getParameters()) {
        JsonObject schema = new JsonObject(p.getOpenAPIModel().getJsonObject("schema").encode());
        tests.add(
            agreement(
                label + " " + p.getIn() + " " + p.getName(),
                schema,
                repository.validator(p.getSchema())));
      }
    }
    assertTrue(tests.size() > 80, "every operation's schemas are covered: " + tests.size());
    return tests.stream();
  }

  @Test
  void theHotPathsSchemasCompile() {
    JsonObject classify =
        spec.document()
            .getJsonObject("paths")
            .getJsonObject("/api/v1/classify")
            .getJsonObject("post")
            .getJsonObject("requestBody")
            .getJsonObject("content")
            .getJsonObject("application/json")
            .getJsonObject("schema");
    SchemaCheck.Check check = SchemaCheck.compile(classify, spec, contract.getSchemaRepository());
    assertNotNull(check);
    assertTrue(check.test(new JsonObject().put("input", "hello there").put("plugin", "hello")));
    assertFalse(check.test(new JsonObject().put("input", "a").put("inputs", new JsonArray())));
  }

  @Test
  void aSchemaWithAKeywordNotCompiledIsLeftToVertxJsonSchema() {
    assertEquals(
        null,
        SchemaCheck.compile(
            new JsonObject().put("type", "string").put("contentEncoding", "base64"),
            spec,
            contract.getSchemaRepository()));
  }

  private static DynamicTest agreement(String label, JsonObject schema, Validator vertxValidator) {
    return DynamicTest.dynamicTest(
        label,
        () -> {
          SchemaCheck.Check compiled =
              SchemaCheck.compile(schema, spec, contract.getSchemaRepository());
          assertNotNull(compiled, label + ": every schema in the document compiles");
          List<Object> values = new ArrayList<>();
          for (Object base : bases(schema)) {
            values.addAll(variants(base));
          }
          values.addAll(PALETTE);
          values.add(null);
          int valid = 0;
          for (Object value : values) {
            boolean expected = vertxValidator.validate(value).getValid();
            assertEquals(expected, compiled.test(value), label + ": " + value);
            valid += expected ? 1 : 0;
          }
          assertTrue(valid > 0 || values.isEmpty(), label + ": some value passes");
        });
  }

  /** Values built to pass: with only the required fields, and with every declared one. */
  private static List<Object> bases(JsonObject schema) {
    return List.of(build(schema, false, 0), build(schema, true, 0));
  }

  private static Object build(Object raw, boolean everything, int depth) {
    if (!(raw instanceof JsonObject s) || depth > 8) {
      return "x";
    }
    if (s.containsKey("$ref")) {
      return build(spec.referenced(s.getString("$ref")), everything, depth + 1);
    }
    if (s.containsKey("enum")) {
      return s.getJsonArray("enum").getValue(0);
    }
    if (s.containsKey("const")) {
      return s.getValue("const");
    }
    JsonArray alternatives = s.getJsonArray("oneOf", s.getJsonArray("anyOf"));
    Object type = s.getValue("type");
    if (type instanceof JsonArray many) {
      type = many.getValue(0);
    }
    if (type == null && alternatives != null) {
      return build(alternatives.getValue(0), everything, depth + 1);
    }
    switch (String.valueOf(type)) {
      case "string":
        if ("date-time".equals(s.getString("format"))) {
          return "2026-01-31T12:00:00Z";
        }
        if ("uuid".equals(s.getString("format"))) {
          return "0b9e7a43-5d0a-4b8e-9d4c-2a3f2d1e0c11";
        }
        return "a".repeat(Math.max(1, s.getInteger("minLength", 1)));
      case "integer":
        return s.getInteger("minimum", 1);
      case "number":
        return s.getValue("minimum") instanceof Number n ? n : 0.5;
      case "boolean":
        return true;
      case "array":
        return new JsonArray().add(build(s.getValue("items"), everything, depth + 1));
      case "object":
        JsonObject out = new JsonObject();
        JsonObject properties = s.getJsonObject("properties", new JsonObject());
        List<String> wanted = new ArrayList<>();
        s.getJsonArray("required", new JsonArray()).forEach(n -> wanted.add((String) n));
        if (alternatives != null && alternatives.getValue(0) instanceof JsonObject first) {
          first.getJsonArray("required", new JsonArray()).forEach(n -> wanted.add((String) n));
        }
        if (everything) {
          wanted.addAll(properties.fieldNames());
        }
        for (String name : wanted) {
          out.put(name, build(properties.getValue(name), everything, depth + 1));
        }
        return out;
      default:
        return null;
    }
  }

  /** The value, and every value that differs from it in one spot. */
  private static List<Object> variants(Object base) {
    List<Object> out = new ArrayList<>();
    out.add(base);
    if (base instanceof JsonObject object) {
      for (String name : object.fieldNames()) {
        for (Object changed : variants(object.getValue(name))) {
          out.add(object.copy().put(name, changed));
        }
        JsonObject without = object.copy();
        without.remove(name);
        out.add(without);
      }
      out.add(object.copy().put("zz", 1));
    } else if (base instanceof JsonArray array && !array.isEmpty()) {
      for (Object changed : variants(array.getValue(0))) {
        out.add(array.copy().set(0, changed));
      }
      out.add(array.copy().add(array.getValue(0)));
    }
    for (Object value : PALETTE) {
      out.add(value instanceof JsonObject || value instanceof JsonArray ? copy(value) : value);
    }
    out.add(null);
    return out;
  }

  private static Object copy(Object value) {
    return value instanceof JsonObject o ? o.copy() : ((JsonArray) value).copy();
  }
}
