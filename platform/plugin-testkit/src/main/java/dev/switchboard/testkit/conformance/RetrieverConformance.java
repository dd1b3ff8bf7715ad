package dev.switchboard.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.retrieve.Document;
import dev.switchboard.api.retrieve.IngestRequest;
import dev.switchboard.api.retrieve.IngestResult;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.api.retrieve.RetrievedChunk;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour the server expects of every {@link dev.switchboard.api.retrieve.Retriever}. Extend
 * it in your tests:
 *
 * <pre>{@code
 * class MyRetrieverConformanceTest extends RetrieverConformance {}
 * }</pre>
 *
 * <p>Each test ingests {@link #sampleDocuments()} into a fresh collection with a random name, so a
 * retriever backed by a real store can run the suite repeatedly.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public abstract class RetrieverConformance extends ExtensionConformance {

  private String collection;
  private Map<String, Document> documents;

  /** Creates the suite; JUnit does this through your subclass. */
  protected RetrieverConformance() {}

  /**
   * Documents on clearly different topics, each with {@code topic} metadata. The query checks
   * assume the {@code cats} document is the one about cats.
   *
   * @return four short documents by default
   */
  protected List<Document> sampleDocuments() {
    return List.of(
        document(
            "cats", "Cats purr when they are content and knead soft blankets with their paws."),
        document("rust", "The Rust compiler checks ownership and borrowing rules before it runs."),
        document("bread", "Sourdough bread rises slowly because wild yeast ferments the dough."),
        document("tides", "Ocean tides follow the pull of the moon and rise twice a day."));
  }

  /**
   * A query that paraphrases the {@code cats} document.
   *
   * @return the query text
   */
  protected String catsQuery() {
    return "why do cats purr and knead blankets";
  }

  private static Document document(String id, String text) {
    return new Document(id, text, new JsonObject().put("topic", id));
  }

  /**
   * The collection of the current test.
   *
   * @return a name unique to this test
   */
  protected final String collection() {
    return collection;
  }

  @BeforeEach
  final void ingestSamples() {
    collection = "conformance-" + UUID.randomUUID();
    documents = new HashMap<>();
    sampleDocuments().forEach(d -> documents.put(d.id(), d));
    ingest(sampleDocuments());
  }

  private IngestResult ingest(List<Document> docs) {
    return task().ingest(new IngestRequest(collection, docs)).result();
  }

  private List<RetrievedChunk> retrieve(String query, int topK, JsonObject filter) {
    return task().retrieve(new RetrieveRequest(collection, query, topK, filter)).result();
  }

  /** Ingest reports every document and at least one chunk per document. */
  @Test
  public void ingestCountsTheDocuments() {
    List<Document> docs = List.of(document("extra", "A short extra document about kites."));
    IngestResult result = ingest(docs);
    assertEquals(1, result.documents(), "documents stored");
    assertTrue(result.chunks() >= 1, "chunks stored: " + result.chunks());
  }

  /** A query that paraphrases a document finds that document first. */
  @Test
  public void findsTheDocumentAQueryParaphrases() {
    List<RetrievedChunk> hits = retrieve(catsQuery(), 3, null);
    assertFalse(hits.isEmpty(), "no results");
    assertEquals("cats", hits.get(0).documentId(), "best hit for: " + catsQuery());
  }

  /** At most topK chunks come back, best first. */
  @Test
  public void returnsAtMostTopKBestFirst() {
    List<RetrievedChunk> hits = retrieve(catsQuery(), 2, null);
    assertTrue(hits.size() <= 2, "more than topK results: " + hits.size());
    List<RetrievedChunk> all = retrieve(catsQuery(), 10, null);
    for (int i = 1; i < all.size(); i++) {
      assertTrue(all.get(i - 1).score() >= all.get(i).score(), "results are not sorted best first");
    }
  }

  /** Each chunk names an ingested document, lies within it and carries its metadata. */
  @Test
  public void chunksPointIntoTheirDocument() {
    for (RetrievedChunk hit : retrieve(catsQuery(), 10, null)) {
      Document source = documents.get(hit.documentId());
      assertTrue(source != null, "unknown document " + hit.documentId());
      assertFalse(hit.text().isBlank(), "blank chunk text");
      assertTrue(
          0 <= hit.start() && hit.start() <= hit.end() && hit.end() <= source.text().length(),
          "offsets " + hit.start() + ".." + hit.end() + " are outside " + hit.documentId());
      source
          .metadata()
          .forEach(
              e ->
                  assertEquals(
                      e.getValue(), hit.metadata().getValue(e.getKey()), "metadata " + e.getKey()));
    }
  }

  /** A metadata filter keeps only the chunks of matching documents. */
  @Test
  public void appliesMetadataFilters() {
    List<RetrievedChunk> hits = retrieve(catsQuery(), 10, new JsonObject().put("topic", "bread"));
    assertFalse(hits.isEmpty(), "the filter matches the bread document but nothing came back");
    for (RetrievedChunk hit : hits) {
      assertEquals("bread", hit.documentId(), "a chunk that does not match the filter");
    }
  }

  /** Ingesting a document id again replaces the old text. */
  @Test
  public void reingestingAnIdReplacesTheDocument() {
    Document replacement =
        document("cats", "Cats sleep sixteen hours a day in sunny windows and warm laps.");
    documents.put("cats", replacement);
    ingest(List.of(replacement));
    for (RetrievedChunk hit : retrieve(catsQuery(), 10, null)) {
      assertFalse(hit.text().contains("knead"), "the old text of cats is still there: " + hit);
    }
  }

  /** The retriever returns its future without holding the event loop. */
  @Test
  public void doesNotBlockTheEventLoop() {
    RetrieveRequest request = new RetrieveRequest(collection, catsQuery(), 3, null);
    task().retrieve(request);
    assertEventLoopNotBlocked(task().retrieve(request));
  }
}
