package dev.switchboard.testkit.models;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.model.EmbeddingModelHandle;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in for an embedding model: each text becomes a hashed bag of its words,
 * normalised to unit length. Texts that share words have a high cosine similarity and texts that
 * share none are close to orthogonal, which is enough to test ranking, filtering and chunking
 * without a real model. The same text always gives the same vector, across runs and machines.
 *
 * <p>Words are lowercased runs of letters and digits; only the first {@link #maxTokens()} count. A
 * text without words embeds to a fixed unit vector, so similarities stay defined.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class FakeEmbeddingModel implements EmbeddingModelHandle {

  private final String name;
  private volatile int dimension = 384;
  private volatile int maxTokens = 256;
  private final AtomicInteger embeddedTexts = new AtomicInteger();

  private FakeEmbeddingModel(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * Creates a fake with 384 dimensions (as all-MiniLM-L6-v2) and a 256-token limit.
   *
   * @param name the name the catalog lists it under
   * @return a new fake
   */
  public static FakeEmbeddingModel named(String name) {
    return new FakeEmbeddingModel(name);
  }

  /**
   * Sets the vector length.
   *
   * @param dimension at least 2
   * @return this fake
   */
  public FakeEmbeddingModel dimension(int dimension) {
    if (dimension < 2) {
      throw new IllegalArgumentException("dimension must be at least 2");
    }
    this.dimension = dimension;
    return this;
  }

  /**
   * Sets how many words count before the rest of a text is ignored.
   *
   * @param maxTokens at least 1
   * @return this fake
   */
  public FakeEmbeddingModel maxTokens(int maxTokens) {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1");
    }
    this.maxTokens = maxTokens;
    return this;
  }

  /**
   * How many texts this fake has embedded, through any method.
   *
   * @return a count
   */
  public int embeddedTexts() {
    return embeddedTexts.get();
  }

  /**
   * Embeds one text synchronously.
   *
   * @param text the text
   * @return a unit vector of {@link #dimension()} floats
   */
  public float[] vector(String text) {
    Objects.requireNonNull(text, "text");
    embeddedTexts.incrementAndGet();
    int size = dimension;
    float[] vector = new float[size];
    int words = 0;
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.isEmpty()) {
        continue;
      }
      if (words++ == maxTokens) {
        break;
      }
      long hash = fnv1a(word);
      int index = (int) Math.floorMod(hash, (long) size);
      // A hashed sign keeps unrelated words from piling up in the same direction.
      vector[index] += (hash >>> 63) == 0 ? 1f : -1f;
    }
    normalise(vector);
    return vector;
  }

  private static long fnv1a(String word) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  private static void normalise(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += v * v;
    }
    if (sum == 0) {
      vector[0] = 1f;
      return;
    }
    float norm = (float) Math.sqrt(sum);
    for (int i = 0; i < vector.length; i++) {
      vector[i] /= norm;
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Future<List<float[]>> embedAsync(List<String> texts) {
    try {
      List<float[]> out = new ArrayList<>(texts.size());
      for (String text : texts) {
        out.add(vector(text));
      }
      return Future.succeededFuture(out);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public int countTokens(String text) {
    return Tokens.count(text);
  }

  @Override
  public int maxTokens() {
    return maxTokens;
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    List<Embedding> out = new ArrayList<>(segments.size());
    for (TextSegment segment : segments) {
      out.add(Embedding.from(vector(segment.text())));
    }
    return Response.from(out);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String modelName() {
    return name;
  }
}
