package dev.switchboard.runtime.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} loaded through DJL's native tokenizers. Truncation and
 * padding are always off: callers decide how to fit a context window.
 */
public final class TextTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;

  private TextTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Loads {@code tokenizer.json} from a model folder (or a file path). */
  public static TextTokenizer load(Path folderOrFile) {
    Path file =
        Files.isDirectory(folderOrFile) ? folderOrFile.resolve("tokenizer.json") : folderOrFile;
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("no tokenizer.json at " + file);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return fromStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load tokenizer " + file, e);
    }
  }

  /** Loads a tokenizer.json from a stream (used for the tokenizer bundled in a jar). */
  public static TextTokenizer fromStream(InputStream in) throws IOException {
    // Passing a stream (not the folder) keeps DJL from applying tokenizer_config.json settings
    // such as a default max length behind our back.
    return new TextTokenizer(
        HuggingFaceTokenizer.newInstance(
            in, Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false")));
  }

  /** Token ids of {@code text}, optionally with the post-processor's special tokens (CLS/SEP). */
  public long[] encode(String text, boolean addSpecialTokens) {
    Encoding e = tokenizer.encode(text, addSpecialTokens, false);
    return e.getIds();
  }

  /** Full encodings (ids, type ids, attention mask) for a batch. */
  public Encoding[] encodeBatch(List<String> texts, boolean addSpecialTokens) {
    return tokenizer.batchEncode(texts, addSpecialTokens, false);
  }

  /** Decodes ids, dropping special tokens when {@code skipSpecial}. */
  public String decode(long[] ids, boolean skipSpecial) {
    return tokenizer.decode(ids, skipSpecial);
  }

  /** The id of a single token (such as {@code <|im_end|>}), or -1 when it is not one token. */
  public int tokenId(String token) {
    long[] ids = tokenizer.encode(token, false, false).getIds();
    return ids.length == 1 ? (int) ids[0] : -1;
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
