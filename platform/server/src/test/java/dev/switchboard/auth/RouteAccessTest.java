package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RouteAccessTest {

  private static Scope scope(String path) {
    Access a = RouteAccess.of(path);
    assertEquals(false, a.open(), path);
    return a.scope();
  }

  @Test
  void operationsAndUiAreOpen() {
    for (String p :
        new String[] {"/health", "/metrics", "/", "/admin", "/openapi.yaml", "/api/v1/session"}) {
      assertEquals(true, RouteAccess.of(p).open(), p);
    }
  }

  @Test
  void eachApiPathNeedsItsScope() {
    assertEquals(Scope.CLASSIFY, scope("/api/v1/classify"));
    assertEquals(Scope.CLASSIFY, scope("/api/v1/tasks/classify"));
    assertEquals(Scope.RETRIEVE, scope("/api/v1/retrieve"));
    assertEquals(Scope.RETRIEVE, scope("/api/v1/tasks/retrieve"));
    assertEquals(Scope.RETRIEVE, scope("/api/v1/collections/docs/documents"));
    assertEquals(Scope.CHAT, scope("/api/v1/tasks/chat"));
    assertEquals(Scope.CHAT, scope("/v1/chat/completions"));
    assertEquals(Scope.CHAT, scope("/api/v1/conversations"));
    assertEquals(Scope.CHAT, scope("/api/v1/messages/42/feedback"));
    assertEquals(Scope.EMBED, scope("/v1/embeddings"));
    assertEquals(null, scope("/v1/models"));
    assertEquals(null, scope("/v1/models/all-minilm-l6-v2"));
    for (String admin :
        new String[] {
          "/api/v1/keys",
          "/api/v1/keys/1",
          "/api/v1/session/x",
          "/api/v1/sessions",
          "/api/v1/plugins",
          "/api/v1/routes",
          "/api/v1/models",
          "/api/v1/datasets",
          "/api/v1/tasks/translate",
          "/api/v1/messages/1/2/feedback",
          "/api/v2/anything",
          "/api",
          "/v1/anything",
          "/v1"
        }) {
      assertEquals(Scope.ADMIN, scope(admin), admin);
    }
  }

  @Test
  void caseAndTrailingSlashesCannotLowerTheRequirement() {
    assertEquals(Scope.ADMIN, scope("/API/V1/KEYS"));
    assertEquals(Scope.ADMIN, scope("/api/v1/keys/"));
    assertEquals(Scope.CLASSIFY, scope("/api/v1/classify/"));
    assertEquals(Scope.ADMIN, scope("/api/v1/classifyx"));
    assertEquals(Scope.ADMIN, scope("/api/v1/collectionsx"));
  }
}
