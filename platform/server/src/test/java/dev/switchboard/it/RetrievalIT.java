package dev.switchboard.it;

import static dev.switchboard.testing.ServerFixture.errorCode;
import static dev.switchboard.testing.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.index.ChunkMatch;
import dev.switchboard.testing.ServerFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retrieval end to end: HTTP → router → the built-in retriever plugin → the host's document index
 * on the embedded PostgreSQL, with the bundled embedding model.
 */
class RetrievalIT {

  static final int MAX_DOCUMENT_BYTES = 200_000;

  @TempDir static Path home;
  static ServerFixture sb;

  @BeforeAll
  static void start() throws Exception {
    sb =
        ServerFixture.start(
            home, Map.of("SWITCHBOARD_MAX_DOCUMENT_BYTES", String.valueOf(MAX_DOCUMENT_BYTES)));
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  static JsonObject doc(String id, String text, String topic) {
    return new JsonObject()
        .put("id", id)
        .put("text", text)
        .put("metadata", new JsonObject().put("topic", topic));
  }

  static final String CATS =
      "Cats purr when they are content and knead soft blankets with their paws.";

  static JsonArray samples() {
    return new JsonArray()
        .add(doc("cats", CATS, "cats"))
        .add(doc("rust", "The Rust compiler checks ownership and borrowing rules.", "rust"))
        .add(doc("bread", "Sourdough bread rises slowly because wild yeast ferments.", "bread"))
        .add(doc("tides", "Ocean tides follow the pull of the moon twice a day.", "tides"));
  }

  static HttpResponse<String> ingest(String collection, JsonArray docs) throws Exception {
    return sb.post(
        "/api/v1/collections/" + collection + "/documents",
        new JsonObject().put("documents", docs));
  }

  static JsonArray retrieve(String collection, String query, int topK, JsonObject filter)
      throws Exception {
    JsonObject body =
        new JsonObject().put("collection", collection).put("query", query).put("topK", topK);
    if (filter != null) {
      body.put("filter", filter);
    }
    HttpResponse<String> r = sb.post("/api/v1/retrieve", body);
    assertEquals(200, r.statusCode(), r.body());
    return json(r).getJsonArray("results");
  }

  @Test
  void ingestsRetrievesFiltersReplacesListsAndDeletes() throws Exception {
    HttpResponse<String> r = ingest("kb", samples());
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(4, json(r).getInteger("documents"));
    assertTrue(json(r).getInteger("chunks") >= 4);

    JsonArray hits = retrieve("kb", "why do cats purr and knead blankets", 3, null);
    JsonObject best = hits.getJsonObject(0);
    assertEquals("cats", best.getString("documentId"));
    assertFalse(best.getString("chunkId").isBlank());
    assertTrue(best.getDouble("score") > 0);
    assertEquals("cats", best.getJsonObject("metadata").getString("topic"));
    assertEquals(
        CATS.substring(best.getInteger("start"), best.getInteger("end")), best.getString("text"));

    JsonArray filtered =
        retrieve("kb", "why do cats purr", 10, new JsonObject().put("topic", "bread"));
    assertFalse(filtered.isEmpty());
    filtered.forEach(h -> assertEquals("bread", ((JsonObject) h).getString("documentId")));

    assertEquals(
        200,
        ingest("kb", new JsonArray().add(doc("cats", "Cats sleep in sunny windows.", "cats")))
            .statusCode());
    retrieve("kb", "cats purr knead", 10, null)
        .forEach(h -> assertFalse(((JsonObject) h).getString("text").contains("knead")));

    JsonObject page = json(sb.get("/api/v1/collections/kb/documents?limit=3"));
    assertEquals(3, page.getJsonArray("items").size());
    assertEquals("bread", page.getJsonArray("items").getJsonObject(0).getString("id"));
    JsonObject rest =
        json(sb.get("/api/v1/collections/kb/documents?limit=3&after=" + page.getString("next")));
    assertEquals(1, rest.getJsonArray("items").size());
    assertNull(rest.getString("next"));
    assertEquals(
        "tides",
        json(sb.get("/api/v1/collections/kb/documents/tides"))
            .getJsonObject("metadata")
            .getString("topic"));

    assertEquals(204, sb.delete("/api/v1/collections/kb/documents/cats").statusCode());
    HttpResponse<String> again = sb.delete("/api/v1/collections/kb/documents/cats");
    assertEquals(404, again.statusCode());
    assertTrue(again.body().contains("cats"), again.body());
    retrieve("kb", "cats sleep in sunny windows", 10, null)
        .forEach(h -> assertFalse(((JsonObject) h).getString("documentId").equals("cats")));
  }

  @Test
  void anUnknownCollectionIsNotFound() throws Exception {
    HttpResponse<String> r =
        sb.post(
            "/api/v1/retrieve", new JsonObject().put("collection", "nowhere").put("query", "x"));
    assertEquals(404, r.statusCode(), r.body());
    assertEquals("not_found", errorCode(r));
    assertTrue(r.body().contains("nowhere"));
    assertEquals(404, sb.get("/api/v1/collections/nowhere/documents").statusCode());
    assertEquals(404, sb.delete("/api/v1/collections/nowhere/documents/x").statusCode());
  }

  @Test
  void badJsonDocumentsAreRejectedWithTheirId() throws Exception {
    HttpResponse<String> r =
        ingest("bad", new JsonArray().add(new JsonObject().put("id", "blank").put("text", " ")));
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("blank"), r.body());
    assertEquals(404, sb.get("/api/v1/collections/bad/documents").statusCode());
  }

  @Test
  void uploadsTextMarkdownHtmlAndPdf() throws Exception {
    String c = "files";
    assertUploaded(c, "notes.txt", "text/plain", "Glaciers carve valleys over millennia.");
    assertUploaded(c, "guide.md", "text/markdown", "# Guide\n\nCompost needs nitrogen and air.");
    assertUploaded(
        c,
        "page.html",
        "text/html",
        "<html><head><title>Bees</title><script>var x = 'hidden';</script></head>"
            + "<body><h1>Bees</h1><p>Honeybees dance to show where nectar is.</p></body></html>");
    HttpResponse<String> pdf =
        upload(
            c,
            Map.of(),
            part("file", "report.pdf", "application/pdf", pdf("Volcanic ash grounds aircraft.")));
    assertEquals(200, pdf.statusCode(), pdf.body());

    JsonArray hits = retrieve(c, "why do honeybees dance", 1, null);
    assertEquals("page.html", hits.getJsonObject(0).getString("documentId"));
    assertFalse(hits.getJsonObject(0).getString("text").contains("hidden"));
    JsonArray ash = retrieve(c, "volcanic ash and aircraft", 1, null);
    assertEquals("report.pdf", ash.getJsonObject(0).getString("documentId"));
    JsonObject meta = ash.getJsonObject(0).getJsonObject("metadata");
    assertEquals("application/pdf", meta.getString("contentType"));
    assertEquals("report.pdf", meta.getString("source"));
    assertEquals(
        "application/pdf",
        json(sb.get("/api/v1/collections/files/documents/report.pdf")).getString("contentType"));

    HttpResponse<String> withMeta =
        upload(
            c,
            Map.of("id", "custom", "metadata", "{\"team\":\"ops\"}"),
            part("file", "x.txt", "text/plain", "Runbooks list the on-call steps.".getBytes()));
    assertEquals(200, withMeta.statusCode(), withMeta.body());
    JsonArray ops = retrieve(c, "on-call runbooks", 5, new JsonObject().put("team", "ops"));
    assertEquals("custom", ops.getJsonObject(0).getString("documentId"));
  }

  @Test
  void badFilesAreRejectedNamingTheDocument() throws Exception {
    String c = "rejects";
    assertRejected(c, "broken.pdf", "application/pdf", "%PDF-1.7 garbage".getBytes(), 400);
    assertRejected(c, "fake.pdf", "application/pdf", "hello".getBytes(), 400);
    assertRejected(c, "letter.docx", "application/octet-stream", new byte[] {1, 2, 3}, 400);
    assertRejected(c, "empty.txt", "text/plain", "   \n".getBytes(), 400);
    assertRejected(c, "latin1.txt", "text/plain", new byte[] {'c', 'a', 'f', (byte) 0xe9}, 400);
    assertRejected(
        c, "huge.txt", "text/plain", "word ".repeat(MAX_DOCUMENT_BYTES / 5 + 10).getBytes(), 413);
    assertEquals(404, sb.get("/api/v1/collections/rejects/documents").statusCode());
  }

  @Test
  void theDenseIndexIsRebuiltAfterARestart(@TempDir Path otherHome) throws Exception {
    try (ServerFixture first = ServerFixture.start(otherHome)) {
      HttpResponse<String> r =
          first.post(
              "/api/v1/collections/kept/documents", new JsonObject().put("documents", samples()));
      assertEquals(200, r.statusCode(), r.body());
    }
    try (ServerFixture second = ServerFixture.start(otherHome)) {
      HttpResponse<String> e =
          second.post(
              "/v1/embeddings",
              new JsonObject()
                  .put("input", "the moon pulls the ocean")
                  .put("model", "all-minilm-l6-v2"));
      assertEquals(200, e.statusCode(), e.body());
      JsonArray values = json(e).getJsonArray("data").getJsonObject(0).getJsonArray("embedding");
      float[] vector = new float[values.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = values.getFloat(i);
      }
      List<ChunkMatch> dense =
          second
              .server()
              .documents()
              .searchDense("kept", vector, 2, null)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      assertEquals("tides", dense.get(0).documentId());
    }
  }

  private void assertUploaded(String c, String name, String type, String content) throws Exception {
    HttpResponse<String> r =
        upload(c, Map.of(), part("file", name, type, content.getBytes(StandardCharsets.UTF_8)));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(new JsonArray().add(name), json(r).getJsonArray("ids"));
  }

  private void assertRejected(String c, String name, String type, byte[] content, int status)
      throws Exception {
    HttpResponse<String> r = upload(c, Map.of(), part("file", name, type, content));
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(json(r).getJsonObject("error").getString("message").contains(name), r.body());
  }

  record Part(String field, String fileName, String contentType, byte[] content) {}

  static Part part(String field, String fileName, String contentType, byte[] content) {
    return new Part(field, fileName, contentType, content);
  }

  static HttpResponse<String> upload(String collection, Map<String, String> fields, Part... parts)
      throws IOException, InterruptedException {
    String boundary = "----sb" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> f : fields.entrySet()) {
      body.write(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + f.getKey()
                  + "\"\r\n\r\n"
                  + f.getValue()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    for (Part p : parts) {
      body.write(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + p.field()
                  + "\"; filename=\""
                  + p.fileName()
                  + "\"\r\nContent-Type: "
                  + p.contentType()
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.write(p.content());
      body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return sb.send(
        HttpRequest.newBuilder(
                URI.create(sb.base() + "/api/v1/collections/" + collection + "/documents"))
            .header("content-type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  static byte[] pdf(String line) throws IOException {
    try (PDDocument pdf = new PDDocument()) {
      PDPage page = new PDPage();
      pdf.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        content.newLineAtOffset(72, 700);
        content.showText(line);
        content.endText();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      pdf.save(out);
      return out.toByteArray();
    }
  }
}
