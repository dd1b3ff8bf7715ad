package dev.switchboard.models;

import dev.switchboard.api.TaskException;
import dev.switchboard.api.model.ChatModelHandle;
import dev.switchboard.api.model.EmbeddingModelHandle;
import dev.switchboard.api.model.ModelCatalog;
import dev.switchboard.api.model.ModelInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models the host serves to plugins, by name. Plugins see it through {@link ModelCatalog}; the
 * model runtime registers handles here as models load.
 */
public final class ModelService {

  private final Map<String, ChatModelHandle> chat = new ConcurrentHashMap<>();
  private final Map<String, EmbeddingModelHandle> embeddings = new ConcurrentHashMap<>();
  private final Map<String, ModelInfo> infos = new ConcurrentHashMap<>();
  private volatile String defaultChat;
  private volatile String defaultEmbedding;

  private final ModelCatalog catalog =
      new ModelCatalog() {
        @Override
        public ChatModelHandle chat(String name) {
          String wanted = name != null ? name : defaultChat;
          if (wanted == null) {
            throw TaskException.unavailable(
                "no chat model is registered; put a Hugging Face model folder under"
                    + " $SWITCHBOARD_HOME/models/<name>/ and restart, or register one with POST /api/v1/models");
          }
          ChatModelHandle handle = chat.get(wanted);
          if (handle == null) {
            throw TaskException.notFound("unknown chat model " + wanted);
          }
          return handle;
        }

        @Override
        public EmbeddingModelHandle embeddings(String name) {
          String wanted = name != null ? name : defaultEmbedding;
          if (wanted == null) {
            throw TaskException.unavailable("no embedding model is registered");
          }
          EmbeddingModelHandle handle = embeddings.get(wanted);
          if (handle == null) {
            throw TaskException.notFound("unknown embedding model " + wanted);
          }
          return handle;
        }

        @Override
        public List<ModelInfo> list() {
          return List.copyOf(infos.values());
        }
      };

  /** What plugins see. */
  public ModelCatalog catalog() {
    return catalog;
  }

  /** Registers a chat model; the first becomes the default. */
  public void register(ChatModelHandle handle, ModelInfo info) {
    chat.put(handle.name(), handle);
    infos.put("chat/" + handle.name(), info);
    if (defaultChat == null) {
      defaultChat = handle.name();
    }
  }

  /** Registers an embedding model; the first becomes the default. */
  public void register(EmbeddingModelHandle handle, ModelInfo info) {
    embeddings.put(handle.name(), handle);
    infos.put("embedding/" + handle.name(), info);
    if (defaultEmbedding == null) {
      defaultEmbedding = handle.name();
    }
  }

  /** Releases every model. */
  public Future<Void> close(Vertx vertx) {
    chat.clear();
    embeddings.clear();
    infos.clear();
    return Future.succeededFuture();
  }
}
