package dev.switchboard.plugins.retriever;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.index.DocumentInfo;
import dev.switchboard.api.retrieve.Document;
import dev.switchboard.api.retrieve.IngestRequest;
import dev.switchboard.api.retrieve.IngestResult;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.api.retrieve.RetrievedChunk;
import dev.switchboard.testkit.PluginTest;
import dev.switchboard.testkit.PluginTestHost;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@PluginTest(pluginId = "retriever")
class HybridRetrieverTest {

  private static String longText(int sentences) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      sb.append("Sentence number ").append(i).append(" talks about topic").append(i).append(". ");
    }
    return sb.toString().strip();
  }

  private static Document doc(String id, String text, String topic) {
    return new Document(id, text, new JsonObject().put("topic", topic));
  }

  @Test
  void splitsLongDocumentsIntoOverlappingChunksUnderTheConfiguredSize(PluginTestHost host) {
    host.config(new JsonObject().put("chunkTokens", 20).put("overlapTokens", 5));
    String text = longText(30);
    IngestResult result =
        host.ingest(new IngestRequest("books", List.of(doc("long", text, "x")))).result();
    assertTrue(result.chunks() >= 30 * 6 / 20, "chunks: " + result.chunks());

    List<RetrievedChunk> hits =
        host.retrieve(new RetrieveRequest("books", "topic17", 3, null)).result();
    RetrievedChunk best = hits.get(0);
    assertTrue(best.text().contains("topic17"), best.text());
    assertEquals(text.substring(best.start(), best.end()), best.text(), "offsets cite the text");
    assertTrue(best.text().split("\\s+").length <= 20);
  }

  @Test
  void embedsLargeDocumentsInSlices(PluginTestHost host) {
    host.config(new JsonObject().put("chunkTokens", 7).put("overlapTokens", 0));
    IngestResult result =
        host.ingest(new IngestRequest("big", List.of(doc("big", longText(600), "x")))).result();
    assertEquals(600, result.chunks());
    assertEquals(600, host.models().embeddingModel().embeddedTexts());
    List<RetrievedChunk> hits =
        host.retrieve(new RetrieveRequest("big", "topic599", 1, null)).result();
    assertTrue(hits.get(0).text().contains("topic599"));
  }

  @Test
  void theConfiguredChunkSizeIsCappedByTheModelsLimit(PluginTestHost host) {
    host.models().embeddingModel().maxTokens(12);
    host.config(new JsonObject().put("chunkTokens", 500).put("overlapTokens", 0));
    host.ingest(new IngestRequest("c", List.of(doc("d", longText(20), "x")))).result();
    List<RetrievedChunk> all =
        host.retrieve(new RetrieveRequest("c", "sentence number talks", 100, null)).result();
    for (RetrievedChunk chunk : all) {
      assertTrue(chunk.text().split("\\s+").length <= 10, chunk.text());
    }
  }

  @Test
  void hybridFindsAnExactTermThatDenseAloneRanksLower(PluginTestHost host) {
    List<Document> docs = new ArrayList<>();
    docs.add(doc("target", "Error code ZX-4411 means the pump overheated.", "manual"));
    for (int i = 0; i < 20; i++) {
      docs.add(doc("noise" + i, "The error code means the pump is fine number " + i, "manual"));
    }
    host.ingest(new IngestRequest("m", docs)).result();
    RetrieveRequest query =
        new RetrieveRequest("m", "what does the error code ZX-4411 mean", 3, null);
    assertEquals("target", host.retrieve(query).result().get(0).documentId());
    List<RetrievedChunk> text =
        host.task().config(new JsonObject().put("mode", "text")).retrieve(query).result();
    assertEquals("target", text.get(0).documentId());
  }

  @Test
  void reingestReplacesAndStoresMetadataAndContentType(PluginTestHost host) {
    host.ingest(new IngestRequest("c", List.of(doc("a", "first version", "one")))).result();
    Document second =
        new Document(
            "a", "# Title\nsecond version", new JsonObject().put("contentType", "text/markdown"));
    host.ingest(new IngestRequest("c", List.of(second))).result();
    DocumentInfo info = host.documents().get("c", "a").result();
    assertEquals("text/markdown", info.contentType());
    assertEquals(second.text().length(), info.length());
    List<RetrievedChunk> hits =
        host.retrieve(new RetrieveRequest("c", "version", 10, null)).result();
    assertEquals(1, hits.size());
    assertTrue(hits.get(0).text().contains("second"));
  }

  @Test
  void anUnknownCollectionIsNotFound(PluginTestHost host) {
    host.retrieve(new RetrieveRequest("nowhere", "anything", 3, null))
        .assertFailedWith(ErrorCode.NOT_FOUND);
  }

  @Test
  void aBadModeIsInvalidInput(PluginTestHost host) {
    host.ingest(new IngestRequest("c", List.of(doc("a", "text", "t")))).result();
    host.task()
        .config(new JsonObject().put("mode", "psychic"))
        .retrieve(new RetrieveRequest("c", "text", 3, null))
        .assertFailedWith(ErrorCode.INVALID_INPUT);
  }

  @Test
  void withoutAnEmbeddingModelIngestIsUnavailable() {
    try (PluginTestHost host =
        PluginTestHost.builder()
            .pluginId("retriever")
            .models(dev.switchboard.testkit.models.FakeModelCatalog.empty())
            .build()) {
      host.ingest(new IngestRequest("c", List.of(doc("a", "text", "t"))))
          .assertFailedWith(ErrorCode.UNAVAILABLE);
    }
  }
}
