package dev.switchboard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every operation in {@code openapi.yaml} is found for a request to it, and no other is: the
 * request checks cannot miss a route the document describes ({@code OpenApiSpecIT} keeps the
 * document equal to the routes served).
 */
class OperationIndexTest {

  private static Vertx vertx;
  private static RequestValidation validation;

  @BeforeAll
  static void load() throws Exception {
    vertx = Vertx.vertx();
    validation =
        RequestValidation.load(vertx)
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void close() {
    vertx.close();
  }

  @Test
  void everyOperationIsFoundByItsOwnPath() {
    JsonObject paths = validation.spec().document().getJsonObject("paths");
    int found = 0;
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (!Set.of("get", "post", "put", "patch", "delete").contains(method)) {
          continue;
        }
        String label = method.toUpperCase(Locale.ROOT) + " " + path;
        String concrete = path.replaceAll("\\{[^}]+}", "a%20b.c-1");
        for (String request : new String[] {concrete, concrete + "/"}) {
          OperationIndex.Match match =
              validation.operation(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)), request);
          assertNotNull(match, label + " for " + request);
          assertEquals(label, match.rules().label(), request);
          match.pathParams().values().forEach(v -> assertEquals("a b.c-1", v, label));
        }
        found++;
      }
    }
    assertTrue(found > 50, "operations checked: " + found);
  }

  @Test
  void pathParametersAreDecodedAndOtherPathsAreNotOperations() {
    OperationIndex.Match match =
        validation.operation(HttpMethod.POST, "/api/v1/classifiers/caf%C3%A9+1/promote");
    assertEquals(Map.of("name", "café+1"), match.pathParams());
    assertNull(validation.operation(HttpMethod.GET, "/api/v1/classify"));
    assertNull(validation.operation(HttpMethod.GET, "/ui/app.js"));
    assertNull(validation.operation(HttpMethod.GET, "/api/v1/datasets/a/b/c/examples"));
  }
}
