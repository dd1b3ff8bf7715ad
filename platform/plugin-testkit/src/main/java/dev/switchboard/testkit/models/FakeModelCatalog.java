package dev.switchboard.testkit.models;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.model.ChatModelHandle;
import dev.switchboard.api.model.ClassifierModelHandle;
import dev.switchboard.api.model.EmbeddingModelHandle;
import dev.switchboard.api.model.ModelCatalog;
import dev.switchboard.api.model.ModelInfo;
import dev.switchboard.api.model.ModelKind;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ModelCatalog} of fake models. A new catalog holds one {@link FakeChatModel} named
 * {@value #DEFAULT_CHAT} and one {@link FakeEmbeddingModel} named {@value #DEFAULT_EMBEDDING},
 * which are the defaults (asked for with a null name). Look-ups fail as the server's do: {@code
 * NOT_FOUND} for an unknown name, {@code UNAVAILABLE} when no model of the kind is registered.
 * Trained classifiers ({@link FakeClassifierModel}) are added explicitly; there is no default one,
 * and an unknown classifier is {@code NOT_FOUND}, as on a server that has trained none.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class FakeModelCatalog implements ModelCatalog {

  /** The name of the default fake chat model. */
  public static final String DEFAULT_CHAT = "fake-chat";

  /** The name of the default fake embedding model. */
  public static final String DEFAULT_EMBEDDING = "fake-embedding";

  private final Map<String, FakeChatModel> chatModels = new ConcurrentHashMap<>();
  private final Map<String, FakeEmbeddingModel> embeddingModels = new ConcurrentHashMap<>();
  private final Map<String, FakeClassifierModel> classifierModels = new ConcurrentHashMap<>();
  private volatile String defaultChat;
  private volatile String defaultEmbedding;

  /** Creates a catalog with the two default fakes. */
  public FakeModelCatalog() {
    this(true);
  }

  private FakeModelCatalog(boolean withDefaults) {
    if (withDefaults) {
      add(FakeChatModel.named(DEFAULT_CHAT));
      add(FakeEmbeddingModel.named(DEFAULT_EMBEDDING));
    }
  }

  /**
   * Creates a catalog without models, to test how a plugin copes when none is configured.
   *
   * @return an empty catalog
   */
  public static FakeModelCatalog empty() {
    return new FakeModelCatalog(false);
  }

  /**
   * Registers a chat model; the first one registered becomes the default.
   *
   * @param model the fake
   * @return this catalog
   */
  public FakeModelCatalog add(FakeChatModel model) {
    chatModels.put(model.name(), model);
    if (defaultChat == null) {
      defaultChat = model.name();
    }
    return this;
  }

  /**
   * Registers an embedding model; the first one registered becomes the default.
   *
   * @param model the fake
   * @return this catalog
   */
  public FakeModelCatalog add(FakeEmbeddingModel model) {
    embeddingModels.put(model.name(), model);
    if (defaultEmbedding == null) {
      defaultEmbedding = model.name();
    }
    return this;
  }

  /**
   * Registers a trained classifier under its name; the host serves it for {@code name} and for
   * {@code name@version}.
   *
   * @param model the fake
   * @return this catalog
   */
  public FakeModelCatalog add(FakeClassifierModel model) {
    classifierModels.put(model.name(), model);
    return this;
  }

  /**
   * The default chat fake, to script it.
   *
   * @return the fake
   * @throws IllegalStateException when the catalog has no chat model
   */
  public FakeChatModel chatModel() {
    return find(chatModels, defaultChat, "chat");
  }

  /**
   * A chat fake by name, to script it.
   *
   * @param name the name it was registered under
   * @return the fake
   * @throws IllegalStateException when no such fake is registered
   */
  public FakeChatModel chatModel(String name) {
    return find(chatModels, name, "chat");
  }

  /**
   * The default embedding fake, to configure it or count its calls.
   *
   * @return the fake
   * @throws IllegalStateException when the catalog has no embedding model
   */
  public FakeEmbeddingModel embeddingModel() {
    return find(embeddingModels, defaultEmbedding, "embedding");
  }

  private static <M> M find(Map<String, M> models, String name, String kind) {
    M model = name == null ? null : models.get(name);
    if (model == null) {
      throw new IllegalStateException("no fake " + kind + " model named " + name);
    }
    return model;
  }

  @Override
  public ChatModelHandle chat(String name) {
    return lookUp(chatModels, name == null ? defaultChat : name, "chat", FakeChatModel.class);
  }

  @Override
  public EmbeddingModelHandle embeddings(String name) {
    return lookUp(
        embeddingModels,
        name == null ? defaultEmbedding : name,
        "embedding",
        FakeEmbeddingModel.class);
  }

  @Override
  public ClassifierModelHandle classifier(String name) {
    String base = name == null ? null : name.split("@", 2)[0];
    FakeClassifierModel model = base == null ? null : classifierModels.get(base);
    if (model == null || (name.contains("@") && !name.equals(base + "@" + model.version()))) {
      throw TaskException.notFound("unknown classifier " + name);
    }
    return model;
  }

  private static <M> M lookUp(Map<String, M> models, String name, String kind, Class<?> fake) {
    if (models.isEmpty()) {
      throw TaskException.unavailable(
          "no "
              + kind
              + " model is configured; register one with FakeModelCatalog.add("
              + fake.getSimpleName()
              + ")");
    }
    M model = models.get(name);
    if (model == null) {
      throw TaskException.notFound("unknown " + kind + " model: " + name);
    }
    return model;
  }

  @Override
  public List<ModelInfo> list() {
    List<ModelInfo> out = new ArrayList<>();
    chatModels
        .values()
        .forEach(
            m ->
                out.add(
                    new ModelInfo(
                        m.name(),
                        ModelKind.CHAT,
                        "cpu",
                        true,
                        new JsonObject().put("contextLength", m.contextLength()))));
    embeddingModels
        .values()
        .forEach(
            m ->
                out.add(
                    new ModelInfo(
                        m.name(),
                        ModelKind.EMBEDDING,
                        "cpu",
                        true,
                        new JsonObject().put("dimension", m.dimension()))));
    classifierModels
        .values()
        .forEach(
            m ->
                out.add(
                    new ModelInfo(
                        m.name(),
                        ModelKind.CLASSIFIER,
                        "cpu",
                        true,
                        new JsonObject()
                            .put("version", m.version())
                            .put("labels", new io.vertx.core.json.JsonArray(m.labels())))));
    return out;
  }
}
