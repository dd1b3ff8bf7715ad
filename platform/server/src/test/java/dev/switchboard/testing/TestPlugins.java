package dev.switchboard.testing;

import java.io.IOException;
import java.nio.file.Path;

/** Ready-made test plugins, compiled from source at test time. */
public final class TestPlugins {

  private TestPlugins() {}

  /**
   * A classifier whose label is {@code tag} (so a test can tell versions apart). Inputs steer it:
   * {@code "throw"} throws, {@code "hang"} never answers, {@code "slow:<ms>"} answers after a
   * delay, {@code "cancelled?"} answers with the number of streams it saw cancelled. Its chat
   * handler streams {@code "tick"} chunks every 20 ms until {@code maxTokens} or cancellation.
   */
  public static Path echo(Path dir, String id, String version, String tag) throws IOException {
    String pkg = "it." + id.replaceAll("[^a-z0-9]", "_");
    String classifier =
        """
        package %1$s;

        import dev.switchboard.api.TaskContext;
        import dev.switchboard.api.classify.*;
        import io.vertx.core.Future;
        import io.vertx.core.Promise;
        import java.util.*;

        @org.pf4j.Extension
        public class EchoClassifier implements Classifier {
          @Override
          public Future<List<Classification>> classify(ClassifyRequest request, TaskContext ctx) {
            String first = request.inputs().get(0);
            if (first.equals("throw")) {
              throw new IllegalStateException("boom from plugin");
            }
            if (first.equals("hang")) {
              return Promise.<List<Classification>>promise().future();
            }
            if (first.equals("cancelled?")) {
              return Future.succeededFuture(List.of(new Classification(
                  String.valueOf(EchoChat.CANCELLED.get()), 1.0, Map.of())));
            }
            List<Classification> out = new ArrayList<>();
            for (String in : request.inputs()) {
              out.add(new Classification("%2$s", 1.0, Map.of("%2$s", 1.0)));
            }
            if (first.startsWith("slow:")) {
              Promise<List<Classification>> p = Promise.promise();
              ctx.vertx().setTimer(Long.parseLong(first.substring(5)), t -> p.complete(out));
              return p.future();
            }
            return Future.succeededFuture(out);
          }
        }
        """
            .formatted(pkg, tag);
    String chat =
        """
        package %1$s;

        import dev.switchboard.api.TaskContext;
        import dev.switchboard.api.chat.*;
        import io.vertx.core.Future;
        import io.vertx.core.Promise;
        import java.util.concurrent.atomic.AtomicInteger;

        @org.pf4j.Extension
        public class EchoChat implements ChatHandler {
          static final AtomicInteger CANCELLED = new AtomicInteger();

          @Override
          public Future<ChatResult> chat(ChatRequest request, TaskContext ctx) {
            int max = request.params().maxTokens() == null ? 5 : request.params().maxTokens();
            Promise<ChatResult> done = Promise.promise();
            StringBuilder text = new StringBuilder();
            ctx.onCancel(() -> CANCELLED.incrementAndGet());
            tick(ctx, max, 0, text, done);
            return done.future();
          }

          private void tick(TaskContext ctx, int max, int n, StringBuilder text, Promise<ChatResult> done) {
            if (ctx.isCancelled()) {
              done.tryComplete(new ChatResult(ChatMessage.of("assistant", text.toString()), null, "cancelled", null, null));
              return;
            }
            if (n == max) {
              done.complete(new ChatResult(ChatMessage.of("assistant", text.toString()), "%2$s", "length", new Usage(1, n), null));
              return;
            }
            String piece = "tick" + n + " ";
            text.append(piece);
            ctx.emit(ChatChunk.text(piece).toJson());
            ctx.vertx().setTimer(20, t -> tick(ctx, max, n + 1, text, done));
          }
        }
        """
            .formatted(pkg, tag);
    return PluginJarBuilder.plugin(id)
        .version(version)
        .source(pkg + ".EchoClassifier", classifier, true)
        .source(pkg + ".EchoChat", chat, true)
        .build(dir);
  }

  /** A plugin whose only extension throws in its constructor, so it fails to start. */
  public static Path brokenConstructor(Path dir, String id) throws IOException {
    String pkg = "it." + id.replaceAll("[^a-z0-9]", "_");
    String code =
        """
        package %s;

        import dev.switchboard.api.TaskContext;
        import dev.switchboard.api.classify.*;
        import io.vertx.core.Future;
        import java.util.List;

        @org.pf4j.Extension
        public class Broken implements Classifier {
          public Broken() {
            throw new IllegalStateException("cannot start: missing license file");
          }

          @Override
          public Future<List<Classification>> classify(ClassifyRequest request, TaskContext ctx) {
            return Future.succeededFuture(List.of());
          }
        }
        """
            .formatted(pkg);
    return PluginJarBuilder.plugin(id).source(pkg + ".Broken", code, true).build(dir);
  }

  /**
   * A chat handler that answers with the route's (or default) hosted chat model, streaming its
   * text: the path a real chat plugin takes through {@code ctx.models()}.
   */
  public static Path modelChat(Path dir, String id) throws IOException {
    String pkg = "it." + id.replaceAll("[^a-z0-9]", "_");
    String code =
        """
        package %s;

        import dev.switchboard.api.TaskContext;
        import dev.switchboard.api.chat.*;
        import dev.switchboard.api.model.Generation;
        import io.vertx.core.Future;

        @org.pf4j.Extension
        public class ModelChat implements ChatHandler {
          @Override
          public Future<ChatResult> chat(ChatRequest request, TaskContext ctx) {
            Generation g = ctx.models().chat(request.model())
                .generate(request, text -> ctx.emit(ChatChunk.text(text).toJson()));
            ctx.onCancel(g::cancel);
            return g.result();
          }
        }
        """
            .formatted(pkg);
    return PluginJarBuilder.plugin(id).source(pkg + ".ModelChat", code, true).build(dir);
  }

  /**
   * A chat handler that reports what the host's conversation memory holds: it answers {@code
   * "history=<n> last=<content of the newest stored message>"}, streamed as one chunk.
   */
  public static Path historyEcho(Path dir, String id) throws IOException {
    String pkg = "it." + id.replaceAll("[^a-z0-9]", "_");
    String code =
        """
        package %s;

        import dev.switchboard.api.TaskContext;
        import dev.switchboard.api.chat.*;
        import io.vertx.core.Future;

        @org.pf4j.Extension
        public class HistoryEcho implements ChatHandler {
          @Override
          public Future<ChatResult> chat(ChatRequest request, TaskContext ctx) {
            // A new conversation reaches the plugin without an id: there is no history yet.
            Future<java.util.List<ChatMessage>> stored = request.conversationId() == null
                ? Future.succeededFuture(java.util.List.of())
                : ctx.conversations().history(request.conversationId(), 100);
            return stored.map(history -> {
              String last = history.isEmpty() ? "-" : history.get(history.size() - 1).content();
              String text = "history=" + history.size() + " last=" + last;
              ctx.emit(ChatChunk.text(text).toJson());
              return new ChatResult(ChatMessage.of("assistant", text), "memory-model", "stop", new Usage(3, 4), null);
            });
          }
        }
        """
            .formatted(pkg);
    return PluginJarBuilder.plugin(id).source(pkg + ".HistoryEcho", code, true).build(dir);
  }

  /**
   * A scripted chat handler for client compatibility tests: offered tools, it calls {@code
   * get_weather} for Paris; given a tool result, it answers "It is <result> in Paris"; otherwise it
   * streams "Hello from Switchboard" in three chunks. Usage is always 5 prompt + 3 completion.
   */
  public static Path scripted(Path dir, String id) throws IOException {
    String pkg = "it." + id.replaceAll("[^a-z0-9]", "_");
    String code =
        """
        package %s;

        import dev.switchboard.api.TaskContext;
        import dev.switchboard.api.chat.*;
        import io.vertx.core.Future;
        import java.util.List;

        @org.pf4j.Extension
        public class Scripted implements ChatHandler {
          @Override
          public Future<ChatResult> chat(ChatRequest request, TaskContext ctx) {
            ChatMessage last = request.messages().get(request.messages().size() - 1);
            if (last.role().equals("tool")) {
              String text = "It is " + last.content() + " in Paris";
              ctx.emit(ChatChunk.text(text).toJson());
              return Future.succeededFuture(done(ChatMessage.of("assistant", text), "stop"));
            }
            if (!request.tools().isEmpty()) {
              ToolCall call = new ToolCall("call_1", request.tools().get(0).name(), "{\\"city\\":\\"Paris\\"}");
              return Future.succeededFuture(
                  done(new ChatMessage("assistant", "", List.of(call), null), "tool_calls"));
            }
            for (String piece : List.of("Hello ", "from ", "Switchboard")) {
              ctx.emit(ChatChunk.text(piece).toJson());
            }
            return Future.succeededFuture(done(ChatMessage.of("assistant", "Hello from Switchboard"), "stop"));
          }

          private static ChatResult done(ChatMessage message, String finish) {
            return new ChatResult(message, "scripted-model", finish, new Usage(5, 3), null);
          }
        }
        """
            .formatted(pkg);
    return PluginJarBuilder.plugin(id).source(pkg + ".Scripted", code, true).build(dir);
  }

  /**
   * A classifier that labels {@code "n <k>"} texts {@code even} or {@code odd} by k, answering each
   * request after {@code delayMs} (a timer, not a blocked thread): slow enough for a test to stop a
   * server in the middle of an eval run, and deterministic, so a resumed run scores like a fresh
   * one.
   */
  public static Path parity(Path dir, String id, long delayMs) throws IOException {
    String pkg = "it." + id.replaceAll("[^a-z0-9]", "_");
    String code =
        """
        package %s;

        import dev.switchboard.api.TaskContext;
        import dev.switchboard.api.classify.*;
        import io.vertx.core.Future;
        import io.vertx.core.Promise;
        import java.util.*;

        @org.pf4j.Extension
        public class Parity implements Classifier {
          @Override
          public Future<List<Classification>> classify(ClassifyRequest request, TaskContext ctx) {
            List<Classification> out = new ArrayList<>();
            for (String in : request.inputs()) {
              long k = Long.parseLong(in.substring(in.indexOf(' ') + 1).trim());
              String label = k %% 2 == 0 ? "even" : "odd";
              out.add(new Classification(label, 1.0, Map.of(label, 1.0)));
            }
            Promise<List<Classification>> p = Promise.promise();
            ctx.vertx().setTimer(%d, t -> p.complete(out));
            return p.future();
          }
        }
        """
            .formatted(pkg, delayMs);
    return PluginJarBuilder.plugin(id).source(pkg + ".Parity", code, true).build(dir);
  }
}
