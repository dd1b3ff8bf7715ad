package dev.switchboard.models;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.model.ChatModelHandle;
import dev.switchboard.api.model.ClassifierModelHandle;
import dev.switchboard.api.model.EmbeddingModelHandle;
import dev.switchboard.api.model.ModelCatalog;
import dev.switchboard.api.model.ModelInfo;
import dev.switchboard.api.model.ModelKind;
import dev.switchboard.runtime.ChatModelOptions;
import dev.switchboard.runtime.EncoderOptions;
import dev.switchboard.runtime.LocalChatModel;
import dev.switchboard.runtime.LocalEmbeddingModel;
import dev.switchboard.runtime.ModelRuntime;
import dev.switchboard.runtime.store.ModelStore;
import dev.switchboard.runtime.train.EncoderFineTuner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models the host serves: the bundled embedding model plus every Hugging Face folder under the
 * models directory (or registered at run time), each recorded in the {@code models} table and
 * loaded into the runtime off the event loop. Plugins see them through {@link #catalog()}.
 */
public final class ModelService {

  /** The bundled embedding model's served name. */
  public static final String BUNDLED_EMBEDDING = "all-minilm-l6-v2";

  private static final Logger LOG = LoggerFactory.getLogger(ModelService.class);

  private final Vertx vertx;
  private final Pool pool;
  private final MeterRegistry registry;
  private final Path modelsDir;
  private final Map<String, HostedModel> models = new ConcurrentHashMap<>();
  private final Map<String, LocalChatModel> chat = new ConcurrentHashMap<>();
  private final Map<String, RuntimeChatHandle> chatHandles = new ConcurrentHashMap<>();
  private final Map<String, RuntimeEmbeddingHandle> embeddings = new ConcurrentHashMap<>();
  private final ClassifierVersions classifiers;
  private final Map<Path, Future<LocalEmbeddingModel>> fineTuned = new ConcurrentHashMap<>();
  private volatile ModelRuntime runtime;
  private volatile String device = "unknown";

  public ModelService(Vertx vertx, Pool pool, MeterRegistry registry, Path modelsDir) {
    this.vertx = vertx;
    this.pool = pool;
    this.registry = registry;
    this.modelsDir = modelsDir;
    this.classifiers = new ClassifierVersions(vertx, pool, modelsDir);
  }

  /**
   * Starts the runtime, loads the bundled embedding model (needed before the server is UP), then
   * registers every model folder and loads them in the background.
   */
  public Future<Void> start() {
    HostedModel bundled =
        new HostedModel(
            BUNDLED_EMBEDDING,
            ModelKind.EMBEDDING,
            null,
            HostedModel.State.LOADING,
            null,
            new JsonObject().put("architecture", "bert").put("format", "onnx-quantized"));
    models.put(BUNDLED_EMBEDDING, bundled);
    return vertx
        .executeBlocking(
            () -> {
              runtime = new ModelRuntime();
              device = runtime.devicePolicy().describe();
              LocalEmbeddingModel minilm = runtime.bundledEmbedding();
              embeddings.put(BUNDLED_EMBEDDING, new RuntimeEmbeddingHandle(vertx, minilm));
              models.put(BUNDLED_EMBEDDING, bundled.with(HostedModel.State.LOADED, null));
              return new ModelStore(modelsDir).list();
            })
        .compose(
            stored -> {
              List<Future<Void>> registered = new ArrayList<>();
              for (ModelStore.StoredModel m : stored) {
                registered.add(register(m.name(), m.path()).mapEmpty());
              }
              return Future.join(registered).otherwiseEmpty().mapEmpty();
            })
        .compose(x -> classifiers.start());
  }

  /** Trained classifier versions (training jobs register new ones here). */
  public ClassifierVersions classifiers() {
    return classifiers;
  }

  /**
   * The model of a fine-tuned classifier version, loaded off the event loop on first use and kept
   * (a failed load is retried by the next request).
   */
  private Future<LocalEmbeddingModel> fineTunedModel(ClassifierVersion v) {
    return fineTuned.computeIfAbsent(
        v.path(),
        path -> {
          Future<LocalEmbeddingModel> f =
              vertx.executeBlocking(
                  () ->
                      runtime.loadEmbedding(
                          path, EncoderOptions.defaults().withName(v.name() + "@" + v.version())),
                  false);
          f.onFailure(err -> fineTuned.remove(path));
          return f;
        });
  }

  /** Whether the runtime runs on a GPU (fine-tuning is then the default for trainable encoders). */
  public boolean gpu() {
    return runtime != null && runtime.devicePolicy().device().isGpu();
  }

  /** Where fine-tuning runs: {@code cpu}, or {@code gpu0} for the runtime's GPU. */
  public String trainingDevice() {
    ai.djl.Device d = runtime.devicePolicy().device();
    return d.isGpu() ? "gpu" + d.getDeviceId() : "cpu";
  }

  /** A fine-tuner on the runtime's device. */
  public EncoderFineTuner encoderFineTuner() {
    return runtime.encoderFineTuner();
  }

  /**
   * The folder of an encoder that can be fine-tuned (blocking: reads its config): a registered
   * model's name or an absolute path to a Hugging Face BERT folder with safetensors weights.
   *
   * @throws TaskException INVALID naming what is wrong
   */
  public Path trainableEncoder(String ref) {
    HostedModel m = models.get(ref);
    Path folder;
    if (m != null) {
      if (m.path() == null) {
        throw TaskException.invalid(
            ref
                + " is the bundled quantized ONNX model and cannot be fine-tuned; name a BERT"
                + " checkpoint in safetensors as 'encoder' (a registered model or an absolute"
                + " folder path; for a test, `switchboard models create-random <name> --shape"
                + " bert-mini`)");
      }
      if (m.kind() == ModelKind.CHAT) {
        throw TaskException.invalid(ref + " is a chat model; fine-tuning needs a BERT encoder");
      }
      folder = m.path();
    } else {
      try {
        folder = Path.of(ref);
      } catch (java.nio.file.InvalidPathException e) {
        folder = null;
      }
      if (folder == null || !folder.isAbsolute()) {
        throw TaskException.invalid(
            "unknown encoder "
                + ref
                + ": name a registered model or give an absolute path to a Hugging Face folder");
      }
    }
    try {
      EncoderFineTuner.checkTrainable(folder);
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw TaskException.invalid("encoder " + ref + " cannot be fine-tuned: " + e.getMessage());
    }
    return folder;
  }

  /**
   * A loaded embedding model's runtime side, for work that runs off the event loop anyway (training
   * jobs embed their datasets through the same batcher as requests).
   */
  public LocalEmbeddingModel localEmbedding(String name) {
    return ready(name != null ? name : BUNDLED_EMBEDDING, ModelKind.EMBEDDING, embeddings).local();
  }

  /**
   * Registers a model folder under a name, records it in the database, and starts loading it.
   *
   * @return the model as registered (LOADING), or a failure naming what is wrong with the folder
   */
  public Future<HostedModel> register(String name, Path folder) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      return Future.failedFuture(
          TaskException.invalid("model name must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}"));
    }
    if (models.containsKey(name)) {
      return Future.failedFuture(
          new TaskException(
              ErrorCode.CONFLICT, "a model named " + name + " is already registered"));
    }
    return vertx
        .executeBlocking(
            () -> {
              if (!folder.isAbsolute() || !Files.isDirectory(folder)) {
                throw TaskException.invalid(
                    "model path must be an absolute path to a folder: " + folder);
              }
              if (!Files.isRegularFile(folder.resolve("config.json"))) {
                throw TaskException.invalid(
                    "model folder "
                        + folder
                        + " has no config.json (Hugging Face layout expected)");
              }
              return ModelStore.inspect(folder);
            })
        .compose(
            stored -> {
              ModelKind kind =
                  switch (stored.kind()) {
                    case CHAT -> ModelKind.CHAT;
                    case EMBEDDING -> ModelKind.EMBEDDING;
                    case CLASSIFIER -> ModelKind.CLASSIFIER;
                    case UNKNOWN ->
                        throw TaskException.invalid(
                            "model_type "
                                + stored.modelType()
                                + " is not supported (llama, qwen2, mistral, bert)");
                  };
              JsonObject details =
                  new JsonObject()
                      .put("architecture", stored.modelType())
                      .put("random", stored.random())
                      .put("bytes", stored.bytes())
                      .put("device", device);
              HostedModel model =
                  new HostedModel(name, kind, folder, HostedModel.State.LOADING, null, details);
              if (models.putIfAbsent(name, model) != null) {
                throw new TaskException(
                    ErrorCode.CONFLICT, "a model named " + name + " is already registered");
              }
              return persist(model).map(x -> model);
            })
        .onSuccess(model -> load(name));
  }

  /** Loads a registered model (a no-op when loaded); completes when it is ready or failed. */
  public Future<HostedModel> load(String name) {
    HostedModel model = get(name);
    if (model.state() == HostedModel.State.LOADED || model.path() == null) {
      return Future.succeededFuture(model);
    }
    models.put(name, model.with(HostedModel.State.LOADING, null));
    return vertx
        .executeBlocking(
            () -> {
              long t0 = System.nanoTime();
              switch (model.kind()) {
                case CHAT -> {
                  LocalChatModel m =
                      runtime.loadChat(model.path(), ChatModelOptions.defaults().withName(name));
                  chat.put(name, m);
                  chatHandles.put(name, new RuntimeChatHandle(vertx, m));
                  registerGauges(name, m);
                }
                case EMBEDDING, CLASSIFIER -> {
                  LocalEmbeddingModel m =
                      runtime.loadEmbedding(model.path(), EncoderOptions.defaults().withName(name));
                  embeddings.put(name, new RuntimeEmbeddingHandle(vertx, m));
                }
              }
              return (System.nanoTime() - t0) / 1_000_000;
            },
            false)
        .map(
            ms -> {
              LOG.atInfo().addKeyValue("model", name).addKeyValue("ms", ms).log("model loaded");
              HostedModel loaded = model.with(HostedModel.State.LOADED, null);
              models.put(name, loaded);
              return loaded;
            })
        .recover(
            err -> {
              LOG.atWarn().addKeyValue("model", name).setCause(err).log("model failed to load");
              HostedModel failed =
                  model.with(HostedModel.State.FAILED, String.valueOf(err.getMessage()));
              models.put(name, failed);
              return Future.succeededFuture(failed);
            });
  }

  /** Frees a model's memory; requests for it answer 503 until it is loaded again. */
  public Future<HostedModel> unload(String name) {
    HostedModel model = get(name);
    if (model.path() == null) {
      return Future.failedFuture(
          new TaskException(ErrorCode.CONFLICT, "the bundled model cannot be unloaded"));
    }
    return vertx
        .executeBlocking(
            () -> {
              chatHandles.remove(name);
              LocalChatModel c = chat.remove(name);
              if (c != null) {
                c.close();
              }
              RuntimeEmbeddingHandle e = embeddings.remove(name);
              if (e != null) {
                e.local().close();
              }
              return null;
            })
        .map(
            x -> {
              HostedModel unloaded = model.with(HostedModel.State.UNLOADED, null);
              models.put(name, unloaded);
              return unloaded;
            });
  }

  /** A registered model, or 404. */
  public HostedModel get(String name) {
    HostedModel model = models.get(name);
    if (model == null) {
      throw TaskException.notFound("unknown model " + name);
    }
    return model;
  }

  /** Every registered model, by name. */
  public List<HostedModel> list() {
    List<HostedModel> out = new ArrayList<>(models.values());
    out.sort(Comparator.comparing(HostedModel::name));
    return out;
  }

  /** Whether no model is still loading, for the health check. */
  public boolean settled() {
    return models.values().stream().noneMatch(m -> m.state() == HostedModel.State.LOADING);
  }

  /** An embedding model for the HTTP API. */
  public EmbeddingModelHandle embeddingModel(String name) {
    return catalog.embeddings(name);
  }

  /** What plugins see. */
  public ModelCatalog catalog() {
    return catalog;
  }

  private final ModelCatalog catalog =
      new ModelCatalog() {
        @Override
        public ChatModelHandle chat(String name) {
          String wanted = name != null ? name : defaultName(ModelKind.CHAT);
          if (wanted == null) {
            throw TaskException.unavailable(
                "no chat model is registered; put a Hugging Face model folder in "
                    + modelsDir
                    + " and restart, register one with POST /api/v1/models, or create a test model"
                    + " with `switchboard models create-random <name> --shape tiny`");
          }
          return ready(wanted, ModelKind.CHAT, chatHandles);
        }

        @Override
        public EmbeddingModelHandle embeddings(String name) {
          return ready(name != null ? name : BUNDLED_EMBEDDING, ModelKind.EMBEDDING, embeddings);
        }

        @Override
        public ClassifierModelHandle classifier(String name) {
          ClassifierVersion version = classifiers.resolve(name);
          if (version.isFineTuned()) {
            return new FineTunedClassifierHandle(vertx, version, () -> fineTunedModel(version));
          }
          return new RuntimeClassifierHandle(
              vertx, version, localEmbedding(version.embeddingModel()));
        }

        @Override
        public List<ModelInfo> list() {
          List<ModelInfo> out = new ArrayList<>();
          for (HostedModel m : ModelService.this.list()) {
            out.add(
                new ModelInfo(
                    m.name(),
                    m.kind(),
                    device,
                    m.state() == HostedModel.State.LOADED,
                    m.details()));
          }
          // Trained classifiers: the active version of each (heads run on the CPU, fine-tuned
          // encoders on the runtime's device).
          for (JsonObject v : classifiers.list()) {
            if (v.getBoolean("active")) {
              String on = v.getBoolean("fineTuned", false) ? device : "cpu";
              out.add(new ModelInfo(v.getString("name"), ModelKind.CLASSIFIER, on, true, v));
            }
          }
          return out;
        }
      };

  private <T> T ready(String name, ModelKind kind, Map<String, ? extends T> handles) {
    HostedModel model = models.get(name);
    if (model == null) {
      throw TaskException.notFound("unknown model " + name);
    }
    if (model.kind() != kind
        && !(kind == ModelKind.EMBEDDING && model.kind() == ModelKind.CLASSIFIER)) {
      throw TaskException.notFound(
          "model " + name + " is a " + model.kind().wireName() + " model, not " + kind.wireName());
    }
    T handle = handles.get(name);
    if (handle == null) {
      String why =
          switch (model.state()) {
            case LOADING -> "is still loading";
            case FAILED -> "failed to load: " + model.error();
            default -> "is unloaded; POST /api/v1/models/" + name + "/load";
          };
      throw TaskException.unavailable("model " + name + " " + why);
    }
    return handle;
  }

  /** The first loaded-or-loading model of a kind, by name, as the default. */
  private String defaultName(ModelKind kind) {
    return list().stream()
        .filter(m -> m.kind() == kind)
        .map(HostedModel::name)
        .findFirst()
        .orElse(null);
  }

  private Future<Void> persist(HostedModel model) {
    return pool.preparedQuery(
            "INSERT INTO models (name, version, kind, path, device, batching, metadata)"
                + " VALUES ($1, 1, $2, $3, $4, $5, $6)"
                + " ON CONFLICT (name, version) DO UPDATE SET kind = $2, path = $3, device = $4,"
                + " metadata = $6")
        .execute(
            Tuple.of(
                model.name(),
                model.kind().wireName(),
                model.path().toString(),
                device,
                new JsonObject(),
                model.details()))
        .mapEmpty();
  }

  private void registerGauges(String name, LocalChatModel model) {
    gauge("switchboard_model_queue_depth", name, model, m -> m.metrics().queueDepth());
    gauge("switchboard_model_batch_size", name, model, m -> m.metrics().batchSize());
    gauge("switchboard_model_tokens_per_second", name, model, m -> m.metrics().tokensPerSecond());
    gauge("switchboard_model_ttft_ms", name, model, m -> m.metrics().ttftMillisAvg());
    gauge("switchboard_model_rejected", name, model, m -> m.metrics().rejected());
  }

  private void gauge(
      String metric, String name, LocalChatModel model, ToDoubleFunction<LocalChatModel> f) {
    // Reads the model by name, so a gauge registered before an unload serves the reloaded model.
    Gauge.builder(
            metric,
            chat,
            loaded -> {
              LocalChatModel m = loaded.get(name);
              return m == null ? Double.NaN : f.applyAsDouble(m);
            })
        .tag("model", name)
        .register(registry);
  }

  /** Closes every model and the runtime. */
  public Future<Void> close() {
    return vertx.executeBlocking(
        () -> {
          chatHandles.clear();
          chat.clear();
          embeddings.clear();
          fineTuned.clear();
          if (runtime != null) {
            runtime.close();
          }
          return null;
        });
  }
}
