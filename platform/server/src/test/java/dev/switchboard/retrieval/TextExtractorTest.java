package dev.switchboard.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextExtractorTest {

  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private TaskException rejected(String name, byte[] bytes, String type) throws IOException {
    Path file = write(name, bytes);
    TaskException e =
        assertThrows(TaskException.class, () -> TextExtractor.extract(file, name, type));
    assertEquals(ErrorCode.INVALID_INPUT, e.code());
    assertTrue(e.getMessage().contains(name), e.getMessage());
    return e;
  }

  @Test
  void readsPlainTextAndMarkdownAsUtf8() throws IOException {
    Path txt = write("a.txt", "\uFEFFCafé au lait.".getBytes(StandardCharsets.UTF_8));
    ExtractedDocument doc = TextExtractor.extract(txt, "a.txt", null);
    assertEquals("Café au lait.", doc.text());
    assertEquals("text/plain", doc.contentType());
    Path md = write("b", "# T\n\nBody".getBytes(StandardCharsets.UTF_8));
    assertEquals("text/markdown", TextExtractor.extract(md, "b", "text/markdown").contentType());
  }

  @Test
  void readsTheVisibleTextOfHtmlWithBlocksApart() throws IOException {
    String html =
        "<html><head><title>Bees</title><style>p{}</style></head><body><h1>Bees</h1>"
            + "<p>They dance.</p><script>secret()</script><ul><li>one</li><li>two</li></ul>"
            + "</body></html>";
    ExtractedDocument doc =
        TextExtractor.extract(write("p.htm", html.getBytes(StandardCharsets.UTF_8)), "p.htm", null);
    assertEquals("Bees", doc.metadata().getString("title"));
    assertTrue(doc.text().contains("Bees\nThey dance.\none\ntwo"), doc.text());
    assertFalse(doc.text().contains("secret"));
  }

  @Test
  void readsPdfText() throws IOException {
    ExtractedDocument doc =
        TextExtractor.extract(write("r.pdf", pdf("Volcanic ash grounds aircraft.")), "r.pdf", null);
    assertTrue(doc.text().contains("Volcanic ash grounds aircraft."), doc.text());
    assertEquals(1, doc.metadata().getInteger("pages"));
  }

  @Test
  void rejectsCorruptUnsupportedEmptyAndNonUtf8Files() throws IOException {
    rejected("broken.pdf", "%PDF-1.7\nnot really".getBytes(StandardCharsets.US_ASCII), null);
    rejected("fake.pdf", "hello".getBytes(StandardCharsets.US_ASCII), null);
    assertTrue(
        rejected("x.docx", new byte[] {1}, "application/octet-stream")
            .getMessage()
            .contains("unsupported"));
    rejected("blank.txt", " \n\t".getBytes(StandardCharsets.US_ASCII), null);
    rejected("blank.html", "<html><body> </body></html>".getBytes(StandardCharsets.UTF_8), null);
    rejected("latin.txt", new byte[] {'c', (byte) 0xe9}, null);
  }

  static byte[] pdf(String line) throws IOException {
    try (PDDocument pdf = new PDDocument()) {
      PDPage page = new PDPage();
      pdf.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        content.newLineAtOffset(72, 700);
        content.showText(line);
        content.endText();
      }
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      pdf.save(out);
      return out.toByteArray();
    }
  }
}
