package dev.switchboard.retrieval;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The readable text of an HTML page: scripts, styles and other non-content dropped, block elements
 * separated by line breaks so that sentences and paragraphs stay apart for chunking.
 */
final class HtmlText {

  private static final Set<String> BLOCKS =
      Set.of(
          "p",
          "div",
          "section",
          "article",
          "header",
          "footer",
          "main",
          "aside",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "li",
          "ul",
          "ol",
          "dl",
          "dt",
          "dd",
          "tr",
          "table",
          "blockquote",
          "pre",
          "br",
          "hr",
          "figcaption",
          "title");

  private HtmlText() {}

  static ExtractedDocument extract(byte[] html, String name) throws java.io.IOException {
    // jsoup detects the charset from a BOM or <meta charset>, defaulting to UTF-8.
    Document doc =
        Jsoup.parse(new java.io.ByteArrayInputStream(html), null, "")
            .outputSettings(new Document.OutputSettings().prettyPrint(false));
    doc.select("script, style, noscript, template, svg, iframe, head > *:not(title)").remove();
    JsonObject metadata = new JsonObject();
    String title = doc.title();
    if (!title.isBlank()) {
      metadata.put("title", title.strip());
    }
    StringBuilder out = new StringBuilder();
    NodeTraversor.traverse(
        new NodeVisitor() {
          @Override
          public void head(Node node, int depth) {
            if (node instanceof TextNode text) {
              out.append(text.getWholeText().replaceAll("\\s+", " "));
            } else if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
              newline(out);
            }
          }

          @Override
          public void tail(Node node, int depth) {
            if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
              newline(out);
            }
          }
        },
        doc);
    return new ExtractedDocument(
        name,
        TextExtractor.HTML,
        out.toString().replaceAll("[ \\t]*\\n[ \\t\\n]*", "\n").strip(),
        metadata);
  }

  private static void newline(StringBuilder out) {
    if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
      out.append('\n');
    }
  }
}
