package dev.switchboard.plugins.retriever;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The plugin's configuration keys, read on every call. Operators edit the config by hand, so a
 * missing or mistyped value falls back to its default rather than failing requests.
 *
 * @param chunkTokens the most tokens per chunk (capped by the embedding model's limit)
 * @param overlapTokens how many tokens of the previous chunk a chunk repeats, for context
 * @param embeddingModel the embedding model's name, or null for the platform default
 * @param mode which rankings to use: hybrid, dense or text
 * @param candidates how many matches each ranking contributes before fusion
 * @param rrfK the constant of reciprocal rank fusion; 60 as in Cormack et al. (2009)
 * @param minTextWords how many distinct query words a chunk needs to join the full-text ranking
 */
record RetrieverSettings(
    int chunkTokens,
    int overlapTokens,
    String embeddingModel,
    Mode mode,
    int candidates,
    int rrfK,
    int minTextWords) {

  static final int DEFAULT_CHUNK_TOKENS = 200;
  static final int DEFAULT_OVERLAP_TOKENS = 40;
  static final int DEFAULT_CANDIDATES = 50;
  static final int DEFAULT_RRF_K = 60;
  // A chunk joins the full-text ranking when it shares two query words (all, for a one-word
  // query): one common word (a town, a product line) matches a large part of a collection, and
  // fusing those arbitrary ranks dilutes the dense ranking. On the benchmark at 30k chunks this
  // raised hybrid recall@10 from 0.91 to 0.96 and cut full-text latency 4x (BENCH-NOTES.md).
  static final int DEFAULT_MIN_TEXT_WORDS = 2;

  /** Which rankings a query uses. */
  enum Mode {
    HYBRID,
    DENSE,
    TEXT;

    boolean usesText() {
      return this != DENSE;
    }

    boolean usesDense() {
      return this != TEXT;
    }
  }

  static RetrieverSettings from(JsonObject config) {
    int chunk = positive(config, "chunkTokens", DEFAULT_CHUNK_TOKENS);
    int overlap = nonNegative(config, "overlapTokens", DEFAULT_OVERLAP_TOKENS);
    String model = config.getValue("embeddingModel") instanceof String s && !s.isBlank() ? s : null;
    Mode mode = Mode.HYBRID;
    if (config.getValue("mode") instanceof String s) {
      try {
        mode = Mode.valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw TaskException.invalid(
            "retriever config 'mode' must be hybrid, dense or text, got " + s);
      }
    }
    return new RetrieverSettings(
        chunk,
        overlap,
        model,
        mode,
        positive(config, "candidates", DEFAULT_CANDIDATES),
        positive(config, "rrfK", DEFAULT_RRF_K),
        positive(config, "minTextWords", DEFAULT_MIN_TEXT_WORDS));
  }

  /**
   * The chunk size for a model: a chunk must fit the model's input, or its tail would be silently
   * truncated and never be searchable by meaning. Two tokens stay free for [CLS] and [SEP].
   */
  int chunkTokensFor(int modelMaxTokens) {
    return Math.max(1, Math.min(chunkTokens, modelMaxTokens - 2));
  }

  /** The overlap must stay below the chunk size, or chunking would never advance. */
  int overlapTokensFor(int chunkSize) {
    return Math.min(overlapTokens, chunkSize / 2);
  }

  private static int positive(JsonObject config, String key, int fallback) {
    return config.getValue(key) instanceof Number n && n.intValue() > 0 ? n.intValue() : fallback;
  }

  private static int nonNegative(JsonObject config, String key, int fallback) {
    return config.getValue(key) instanceof Number n && n.intValue() >= 0 ? n.intValue() : fallback;
  }
}
