package dev.switchboard.bench.retrieval;

import dev.switchboard.api.PluginMetrics;
import dev.switchboard.api.Principal;
import dev.switchboard.api.TaskContext;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.index.DocumentIndex;
import dev.switchboard.api.model.ChatModelHandle;
import dev.switchboard.api.model.EmbeddingModelHandle;
import dev.switchboard.api.model.ModelCatalog;
import dev.switchboard.api.model.ModelInfo;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A task context for calling the retriever plugin in-process, as the server would. */
final class BenchContext implements TaskContext {

  private static final Logger LOG = LoggerFactory.getLogger("plugin.retriever");

  private final Vertx vertx;
  private final EmbeddingModelHandle embeddings;
  private final DocumentIndex documents;
  private final JsonObject config;

  BenchContext(
      Vertx vertx, EmbeddingModelHandle embeddings, DocumentIndex documents, JsonObject config) {
    this.vertx = vertx;
    this.embeddings = embeddings;
    this.documents = documents;
    this.config = config;
  }

  @Override
  public String requestId() {
    return UUID.randomUUID().toString();
  }

  @Override
  public Instant deadline() {
    return Instant.now().plusSeconds(600);
  }

  @Override
  public Principal principal() {
    return Principal.ANONYMOUS;
  }

  @Override
  public JsonObject config() {
    return config;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public ModelCatalog models() {
    return new ModelCatalog() {
      @Override
      public ChatModelHandle chat(String name) {
        throw TaskException.unavailable("no chat model in the retrieval benchmark");
      }

      @Override
      public EmbeddingModelHandle embeddings(String name) {
        return embeddings;
      }

      @Override
      public List<ModelInfo> list() {
        return List.of();
      }
    };
  }

  @Override
  public DocumentIndex documents() {
    return documents;
  }

  @Override
  public void emit(JsonObject chunk) {}

  @Override
  public boolean isCancelled() {
    return false;
  }

  @Override
  public void onCancel(Runnable action) {}

  @Override
  public Logger log() {
    return LOG;
  }

  @Override
  public PluginMetrics metrics() {
    return new PluginMetrics() {
      @Override
      public void increment(String name, String... tags) {}

      @Override
      public void record(String name, Duration duration, String... tags) {}
    };
  }
}
