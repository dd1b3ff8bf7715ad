package dev.switchboard.retrieval;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Turns an uploaded file into text: plain text and Markdown as they are (UTF-8), HTML through
 * jsoup, PDF through PDFBox. The type comes from the file name's extension, else from the type the
 * client declared. Every failure is a 400 that names the document. Blocking: run it on a worker.
 */
public final class TextExtractor {

  static final String PLAIN = "text/plain";
  static final String MARKDOWN = "text/markdown";
  static final String HTML = "text/html";
  static final String PDF = "application/pdf";

  private static final Map<String, String> BY_EXTENSION =
      Map.of(
          "txt", PLAIN,
          "text", PLAIN,
          "md", MARKDOWN,
          "markdown", MARKDOWN,
          "html", HTML,
          "htm", HTML,
          "pdf", PDF);

  private static final Map<String, String> BY_DECLARED_TYPE =
      Map.of(
          PLAIN,
          PLAIN,
          MARKDOWN,
          MARKDOWN,
          "text/x-markdown",
          MARKDOWN,
          HTML,
          HTML,
          "application/xhtml+xml",
          HTML,
          PDF,
          PDF);

  private TextExtractor() {}

  /**
   * Extracts the text of one uploaded file.
   *
   * @param file where the upload was stored
   * @param name the file name the client sent, used as the document's name in errors
   * @param declaredType the part's content type, or null
   * @return the text and what the file says about itself
   * @throws TaskException with INVALID_INPUT for an unsupported, corrupt or empty file
   */
  public static ExtractedDocument extract(Path file, String name, String declaredType) {
    String type = contentType(name, declaredType);
    try {
      ExtractedDocument doc =
          switch (type) {
            case PDF -> pdf(file, name);
            case HTML -> HtmlText.extract(Files.readAllBytes(file), name);
            default -> new ExtractedDocument(name, type, utf8(file, name), new JsonObject());
          };
      if (doc.text().isBlank()) {
        throw TaskException.invalid("document " + name + " is empty: it has no text to index");
      }
      return doc;
    } catch (IOException e) {
      throw new TaskException(
          dev.switchboard.api.ErrorCode.INVALID_INPUT,
          "document " + name + " could not be read as " + type,
          e);
    }
  }

  /** The media type to read a file as; unsupported types are a 400 that lists the supported. */
  static String contentType(String name, String declaredType) {
    int dot = name.lastIndexOf('.');
    if (dot >= 0) {
      String byExtension = BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
      if (byExtension != null) {
        return byExtension;
      }
    }
    String declared =
        declaredType == null ? "" : declaredType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    String byDeclared = BY_DECLARED_TYPE.get(declared);
    if (byDeclared != null) {
      return byDeclared;
    }
    throw TaskException.invalid(
        "document "
            + name
            + " has an unsupported type"
            + (declared.isEmpty() ? "" : " (" + declared + ")")
            + "; upload plain text (.txt), Markdown (.md), HTML (.html) or PDF (.pdf)");
  }

  private static String utf8(Path file, String name) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      // A byte-order mark is not text; it would shift nothing but would be indexed as a word.
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw TaskException.invalid("document " + name + " is not UTF-8 text");
    }
  }

  private static ExtractedDocument pdf(Path file, String name) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(5);
      if (!new String(magic, StandardCharsets.US_ASCII).equals("%PDF-")) {
        throw TaskException.invalid("document " + name + " is not a PDF file (no %PDF- header)");
      }
    }
    try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
      JsonObject metadata = new JsonObject().put("pages", pdf.getNumberOfPages());
      String title = pdf.getDocumentInformation().getTitle();
      if (title != null && !title.isBlank()) {
        metadata.put("title", title.strip());
      }
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      return new ExtractedDocument(name, PDF, stripper.getText(pdf), metadata);
    } catch (InvalidPasswordException e) {
      throw TaskException.invalid("document " + name + " is an encrypted PDF; upload it unlocked");
    } catch (IOException | RuntimeException e) {
      if (e instanceof TaskException t) {
        throw t;
      }
      throw new TaskException(
          dev.switchboard.api.ErrorCode.INVALID_INPUT,
          "document " + name + " is a corrupt or unreadable PDF",
          e);
    }
  }
}
