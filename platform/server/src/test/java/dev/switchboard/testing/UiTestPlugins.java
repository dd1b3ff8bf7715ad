package dev.switchboard.testing;

import java.io.IOException;
import java.nio.file.Path;

/** The plugin the browser tests of the web UIs talk to, compiled from source at test time. */
public final class UiTestPlugins {

  /** What the {@code cite} answer cites, in order. */
  public static final String PARIS = "Paris is the capital of France.";

  public static final String BERLIN = "Berlin is the capital of Germany.";

  private UiTestPlugins() {}

  /**
   * A chat handler steered by the last user message, every answer streamed in pieces:
   *
   * <ul>
   *   <li>{@code slow} streams {@code "tick<n> "} every 50 ms until cancelled (at most 20 s);
   *   <li>{@code markdown} answers with Markdown holding script injection attempts and a Java code
   *       block;
   *   <li>{@code cite} answers citing two sources, with RAG citations in the result's metadata;
   *   <li>anything else answers {@code "You said: <text> (history <n>)"}, n being the number of
   *       messages the request carried.
   * </ul>
   *
   * Its classifier answers {@code "cancelled?"} with the number of cancelled chats it saw.
   */
  public static Path uiTest(Path dir, String id) throws IOException {
    String pkg = "it." + id.replaceAll("[^a-z0-9]", "_");
    String chat =
        """
        package %1$s;

        import dev.switchboard.api.TaskContext;
        import dev.switchboard.api.chat.*;
        import io.vertx.core.Future;
        import io.vertx.core.Promise;
        import io.vertx.core.json.JsonArray;
        import io.vertx.core.json.JsonObject;
        import java.util.ArrayList;
        import java.util.List;
        import java.util.concurrent.atomic.AtomicInteger;

        @org.pf4j.Extension
        public class UiChat implements ChatHandler {
          static final AtomicInteger CANCELLED = new AtomicInteger();

          static final String MARKDOWN = String.join("\\n",
              "## Result",
              "",
              "Some **bold** text and a list:",
              "",
              "- one",
              "- two",
              "",
              "<script>window.__xss = 'script'</script>",
              "<img src=\\"data:,\\" onerror=\\"window.__xss = 'img'\\" alt=\\"pic\\">",
              "<div x-data x-init=\\"window.__xss = 'alpine'\\" class=\\"alpine-attempt\\">alpine attempt</div>",
              "",
              "[a link](javascript:window.__xss='link')",
              "",
              "```java",
              "class Hello { String s = \\"<b>not bold</b>\\"; }",
              "```",
              "");

          @Override
          public Future<ChatResult> chat(ChatRequest request, TaskContext ctx) {
            String last = "";
            for (ChatMessage m : request.messages()) {
              if (m.role().equals("user")) {
                last = m.content();
              }
            }
            Promise<ChatResult> done = Promise.promise();
            ctx.onCancel(() -> CANCELLED.incrementAndGet());
            if (last.equals("slow")) {
              tick(ctx, 0, new StringBuilder(), done);
              return done.future();
            }
            JsonObject metadata = new JsonObject();
            String text;
            if (last.equals("markdown")) {
              text = MARKDOWN;
            } else if (last.equals("cite")) {
              text = "Paris is the capital of France [1]. Berlin is the capital of Germany [2].";
              metadata.put("citations", new JsonArray()
                  .add(cite(1, "geo-fr", "%2$s"))
                  .add(cite(2, "geo-de", "%3$s")));
            } else {
              text = "You said: " + last + " (history " + request.messages().size() + ")";
            }
            List<String> pieces = new ArrayList<>();
            for (int i = 0; i < text.length(); i += 12) {
              pieces.add(text.substring(i, Math.min(text.length(), i + 12)));
            }
            pieceByPiece(ctx, pieces, 0, text, metadata, done);
            return done.future();
          }

          private static JsonObject cite(int index, String doc, String text) {
            return new JsonObject().put("index", index).put("documentId", doc)
                .put("chunkId", doc + "-0").put("text", text).put("start", 0)
                .put("end", text.length()).put("score", 0.9);
          }

          private void pieceByPiece(TaskContext ctx, List<String> pieces, int n, String text,
              JsonObject metadata, Promise<ChatResult> done) {
            if (ctx.isCancelled() || n == pieces.size()) {
              done.tryComplete(new ChatResult(ChatMessage.of("assistant", text), "ui-model",
                  ctx.isCancelled() ? "cancelled" : "stop", new Usage(1, pieces.size()), metadata));
              return;
            }
            ctx.emit(ChatChunk.text(pieces.get(n)).toJson());
            ctx.vertx().setTimer(15, t -> pieceByPiece(ctx, pieces, n + 1, text, metadata, done));
          }

          private void tick(TaskContext ctx, int n, StringBuilder text, Promise<ChatResult> done) {
            if (ctx.isCancelled() || n == 400) {
              done.tryComplete(new ChatResult(ChatMessage.of("assistant", text.toString()),
                  "ui-model", ctx.isCancelled() ? "cancelled" : "length", new Usage(1, n), null));
              return;
            }
            String piece = "tick" + n + " ";
            text.append(piece);
            ctx.emit(ChatChunk.text(piece).toJson());
            ctx.vertx().setTimer(50, t -> tick(ctx, n + 1, text, done));
          }
        }
        """
            .formatted(pkg, PARIS, BERLIN);
    String classifier =
        """
        package %1$s;

        import dev.switchboard.api.TaskContext;
        import dev.switchboard.api.classify.*;
        import io.vertx.core.Future;
        import java.util.List;
        import java.util.Map;

        @org.pf4j.Extension
        public class UiCancelled implements Classifier {
          @Override
          public Future<List<Classification>> classify(ClassifyRequest request, TaskContext ctx) {
            return Future.succeededFuture(List.of(new Classification(
                String.valueOf(UiChat.CANCELLED.get()), 1.0, Map.of())));
          }
        }
        """
            .formatted(pkg);
    return PluginJarBuilder.plugin(id)
        .source(pkg + ".UiChat", chat, true)
        .source(pkg + ".UiCancelled", classifier, true)
        .build(dir);
  }
}
