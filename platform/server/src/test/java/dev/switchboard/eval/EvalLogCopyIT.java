package dev.switchboard.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.switchboard.routing.Uuid7;
import dev.switchboard.testing.ServerFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eval log's COPY path against the real database: escaping, nulls, and retried batches. */
class EvalLogCopyIT {

  @TempDir static Path home;
  static ServerFixture sb;

  @BeforeAll
  static void start() throws Exception {
    sb = ServerFixture.start(home);
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @Test
  void textThatCopyWouldMisreadArrivesExactlyAndARetriedBatchAddsNothingTwice() throws Exception {
    String awkward = "tab\there, newline\nthere, cr\r, backslash \\ and \\N, quote \" é 😀";
    JsonObject input =
        new JsonObject().put("inputs", new JsonArray().add(awkward)).put("params", (Object) null);
    JsonObject output =
        new JsonObject()
            .put("text", awkward)
            .put("usage", new JsonObject().put("promptTokens", 7).put("completionTokens", 3));
    String task = "copy-" + UUID.randomUUID();
    List<EvalLogEntry> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(
          new EvalLogEntry(
              Uuid7.next().toString(),
              task,
              "p\\lugin\t" + i,
              null,
              i % 2 == 0 ? null : "model\n" + i,
              200,
              null,
              i,
              false,
              input,
              output,
              "user " + awkward,
              null,
              Instant.now()));
    }
    try (EvalLogCopy copy = new EvalLogCopy(sb.server().database().endpoint())) {
      copy.write(batch);
      // As after a commit whose answer was lost: the same rows again, plus one new row.
      List<EvalLogEntry> retried = new ArrayList<>(batch);
      EvalLogEntry first = batch.get(0);
      retried.add(
          new EvalLogEntry(
              Uuid7.next().toString(),
              first.task(),
              first.pluginId(),
              first.extension(),
              first.model(),
              first.status(),
              first.errorCode(),
              first.latencyMs(),
              first.shadow(),
              first.input(),
              first.output(),
              first.user(),
              first.apiKeyId(),
              first.at()));
      copy.write(retried);
    }
    RowSet<Row> rows =
        sb.server()
            .database()
            .pool()
            .preparedQuery(
                "SELECT plugin_id, model, input, output, user_name, prompt_tokens,"
                    + " completion_tokens, latency_ms FROM eval_log WHERE task = $1"
                    + " ORDER BY latency_ms, id")
            .execute(Tuple.of(task))
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertEquals(51, rows.size());
    Row first = rows.iterator().next();
    assertEquals("p\\lugin\t0", first.getString("plugin_id"));
    assertNull(first.getValue("model"));
    assertEquals(input, first.getJsonObject("input"));
    assertEquals(output, first.getJsonObject("output"));
    assertEquals("user " + awkward, first.getString("user_name"));
    assertEquals(7, first.getInteger("prompt_tokens"));
    assertEquals(3, first.getInteger("completion_tokens"));
    for (Row row : rows) {
      int i = row.getInteger("latency_ms");
      assertEquals(i % 2 == 0 ? null : "model\n" + i, row.getString("model"));
    }
  }
}
