package dev.switchboard.datasets;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns production traffic into examples: a stored conversation (up to one of its assistant
 * answers, with every earlier turn as context) or an eval-log entry. Each example's {@code source}
 * links back to where it came from and keeps the feedback the answer had; a promoted answer later
 * corrected by a {@code PATCH} becomes a preference pair in the {@code openai-dpo} export.
 */
public final class Promotions {

  private final Pool pool;
  private final DatasetStore store;

  public Promotions(Pool pool, DatasetStore store) {
    this.pool = pool;
    this.store = store;
  }

  /**
   * Promotes a conversation's answer.
   *
   * @param messageId the assistant message to take as the answer, or null for the last one
   * @param label the label (classification datasets: the last user turn is the text)
   * @param status pending or approved
   * @return the new example
   */
  public Future<JsonObject> fromConversation(
      Dataset dataset, String conversationId, String messageId, String label, String status) {
    UUID conversation = uuid(conversationId, "conversation");
    return pool.preparedQuery(
            "SELECT m.id, m.seq, m.role, m.content, m.model, m.plugin_id,"
                + " (SELECT json_agg(json_build_object('rating', f.rating, 'reason', f.reason)"
                + " ORDER BY f.created_at) FROM feedback f WHERE f.message_id = m.id) AS feedback"
                + " FROM messages m WHERE m.conversation_id = $1 ORDER BY m.seq")
        .execute(Tuple.of(conversation))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(
                    TaskException.notFound(
                        "unknown conversation " + conversationId + " (or it has no messages)"));
              }
              ExampleDraft draft =
                  conversationDraft(dataset, conversationId, messageId, label, rows);
              String problem = QualityRules.problem(dataset, draft);
              if (problem != null) {
                return Future.failedFuture(TaskException.invalid(problem));
              }
              return store.insertOne(dataset.id(), draft, status);
            });
  }

  private static ExampleDraft conversationDraft(
      Dataset dataset, String conversationId, String messageId, String label, RowSet<Row> rows) {
    List<Row> messages = new ArrayList<>();
    rows.forEach(messages::add);
    int target = -1;
    for (int i = messages.size() - 1; i >= 0; i--) {
      Row m = messages.get(i);
      if (messageId == null
          ? "assistant".equals(m.getString("role"))
          : m.getUUID("id").toString().equals(messageId)) {
        target = i;
        break;
      }
    }
    if (target < 0) {
      throw TaskException.notFound(
          messageId == null
              ? "conversation " + conversationId + " has no assistant answer"
              : "message " + messageId + " is not in conversation " + conversationId);
    }
    Row answer = messages.get(target);
    if (!"assistant".equals(answer.getString("role"))) {
      throw new TaskException(
          ErrorCode.CONFLICT, "only an assistant message can be promoted as an answer");
    }
    JsonArray context = new JsonArray();
    for (int i = 0; i < target; i++) {
      Row m = messages.get(i);
      context.add(
          new JsonObject().put("role", m.getString("role")).put("content", m.getString("content")));
    }
    Object feedback = answer.getValue("feedback");
    JsonObject source =
        new JsonObject()
            .put("type", "conversation")
            .put("conversationId", conversationId)
            .put("messageId", answer.getUUID("id").toString())
            .put("plugin", answer.getString("plugin_id"))
            .put("model", answer.getString("model"))
            .put("feedback", feedback == null ? new JsonArray() : feedback);
    String content = answer.getString("content");
    if (dataset.task() == Task.CHAT) {
      String lastUser = ImportParser.lastUser(context);
      return new ExampleDraft(
          lastUser == null ? "" : lastUser,
          new JsonObject().put("messages", context),
          new JsonObject().put("content", content),
          label,
          null,
          source);
    }
    String text = ImportParser.lastUser(context);
    return ImportParser.draft(dataset, text, null, content, label, null, null, source);
  }

  /**
   * Promotes an eval-log entry: a chat request with its answer, or each input of a classification
   * request (labelled with {@code label}, else with the label the model gave, for review).
   *
   * @return {@code {"imported":n,"rejected":[{"line":<input index + 1>,"reason"}]}}
   */
  public Future<JsonObject> fromEvalLog(
      Dataset dataset, String evalLogId, String label, JsonArray relevant, String status) {
    UUID id = uuid(evalLogId, "eval log entry");
    return pool.preparedQuery(
            "SELECT id, request_id, task, plugin_id, model, status, input, output FROM eval_log"
                + " WHERE id = $1")
        .execute(Tuple.of(id))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(
                    TaskException.notFound("unknown eval log entry " + evalLogId));
              }
              Row row = rows.iterator().next();
              JsonObject input = (JsonObject) row.getValue("input");
              JsonObject output = (JsonObject) row.getValue("output");
              if (input == null || output == null) {
                return Future.failedFuture(
                    new TaskException(
                        ErrorCode.CONFLICT,
                        "the entry kept no input or no answer (a failed request?)"));
              }
              JsonObject source =
                  new JsonObject()
                      .put("type", "eval-log")
                      .put("evalLogId", evalLogId)
                      .put("requestId", row.getString("request_id"))
                      .put("plugin", row.getString("plugin_id"))
                      .put("model", row.getString("model"));
              List<ExampleDraft> drafts =
                  drafts(dataset, row.getString("task"), input, output, label, relevant, source);
              List<ExampleDraft> ok = new ArrayList<>();
              JsonArray rejected = new JsonArray();
              for (int i = 0; i < drafts.size(); i++) {
                String problem = QualityRules.problem(dataset, drafts.get(i));
                if (problem == null) {
                  ok.add(drafts.get(i));
                } else {
                  rejected.add(new JsonObject().put("line", i + 1).put("reason", problem));
                }
              }
              return store
                  .insert(dataset.id(), ok, status)
                  .map(n -> new JsonObject().put("imported", n).put("rejected", rejected));
            });
  }

  private static List<ExampleDraft> drafts(
      Dataset dataset,
      String task,
      JsonObject input,
      JsonObject output,
      String label,
      JsonArray relevant,
      JsonObject source) {
    List<ExampleDraft> out = new ArrayList<>();
    switch (task) {
      case "chat" -> {
        JsonArray messages = input.getJsonArray("messages", new JsonArray());
        JsonObject message = output.getJsonObject("message", new JsonObject());
        JsonArray context = new JsonArray();
        for (Object o : messages) {
          JsonObject m = (JsonObject) o;
          context.add(
              new JsonObject()
                  .put("role", m.getString("role"))
                  .put("content", m.getString("content")));
        }
        out.add(
            ImportParser.draft(
                dataset,
                ImportParser.lastUser(context),
                context,
                message.getString("content"),
                label,
                null,
                null,
                source));
      }
      case "classify" -> {
        JsonArray inputs = input.getJsonArray("inputs", new JsonArray());
        JsonArray results = output.getJsonArray("results", new JsonArray());
        for (int i = 0; i < inputs.size(); i++) {
          String predicted =
              i < results.size() ? results.getJsonObject(i).getString("label") : null;
          out.add(
              ImportParser.draft(
                  dataset,
                  inputs.getString(i),
                  null,
                  null,
                  label != null ? label : predicted,
                  null,
                  null,
                  source.copy().put("index", i).put("predicted", predicted)));
        }
      }
      case "retrieve" -> {
        JsonArray ids = relevant;
        if (ids == null) {
          ids = new JsonArray();
          for (Object o : output.getJsonArray("results", new JsonArray())) {
            ids.add(((JsonObject) o).getString("documentId"));
          }
        }
        out.add(
            ImportParser.draft(
                dataset,
                input.getString("query"),
                null,
                null,
                label,
                null,
                new JsonObject().put("relevant", ids),
                source));
      }
      default ->
          throw TaskException.invalid("eval log entries of task " + task + " cannot be promoted");
    }
    return out;
  }

  private static UUID uuid(String id, String what) {
    try {
      return UUID.fromString(id);
    } catch (RuntimeException e) {
      throw TaskException.notFound("unknown " + what + " " + id);
    }
  }
}
