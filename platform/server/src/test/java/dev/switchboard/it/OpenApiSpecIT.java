package dev.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.ServerFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The served OpenAPI document is valid YAML and lists exactly the API routes the server serves. */
class OpenApiSpecIT {

  /** Routes that are not part of the API: the web pages and their static files. */
  private static final Set<String> NOT_API_PREFIXES =
      Set.of("/ui/", "/webjars/", "/admin", "/openapi.yaml");

  @TempDir static Path home;
  static ServerFixture sb;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home);
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDocumentListsExactlyTheServedRoutes() throws Exception {
    HttpResponse<String> r = sb.get("/openapi.yaml");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/yaml"));
    Map<String, Object> doc = new Yaml().load(r.body());
    assertTrue(String.valueOf(doc.get("openapi")).startsWith("3.1"), "an OpenAPI 3.1 document");
    Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
    Set<String> documented = new TreeSet<>();
    for (var path : paths.entrySet()) {
      for (String method : ((Map<String, Object>) path.getValue()).keySet()) {
        if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
          documented.add(method.toUpperCase() + " " + path.getKey());
        }
      }
    }
    Set<String> served = new TreeSet<>();
    for (String route : sb.server().httpRoutes()) {
      String path = route.substring(route.indexOf(' ') + 1);
      if (path.equals("/") || NOT_API_PREFIXES.stream().anyMatch(path::startsWith)) {
        continue;
      }
      served.add(route);
    }
    Set<String> undocumented = new TreeSet<>(served);
    undocumented.removeAll(documented);
    Set<String> phantom = new TreeSet<>(documented);
    phantom.removeAll(served);
    assertEquals(List.of(), List.copyOf(undocumented), "served but not in openapi.yaml");
    assertEquals(List.of(), List.copyOf(phantom), "in openapi.yaml but not served");
  }
}
