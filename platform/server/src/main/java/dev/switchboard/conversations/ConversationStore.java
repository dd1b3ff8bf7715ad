package dev.switchboard.conversations;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.Json;
import dev.switchboard.api.Principal;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ConversationMemory;
import dev.switchboard.api.chat.ToolCall;
import dev.switchboard.db.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Conversations, their messages and feedback in PostgreSQL. Turns are appended in one transaction
 * that locks the conversation row, so concurrent turns get consecutive sequence numbers.
 */
public final class ConversationStore implements ConversationMemory {

  private static final int TITLE_CHARS = 80;

  private final Pool pool;

  public ConversationStore(Pool pool) {
    this.pool = pool;
  }

  /** Fails with 404 unless the conversation exists. */
  public Future<UUID> require(String id) {
    return require(id, null);
  }

  /** Fails with 404 unless the conversation exists and, when an owner is given, is theirs. */
  public Future<UUID> require(String id, String ownerKeyId) {
    UUID uuid;
    try {
      uuid = parse(id, "conversation");
    } catch (TaskException e) {
      return Future.failedFuture(e);
    }
    return pool.preparedQuery(
            "SELECT id FROM conversations WHERE id = $1 AND ($2::uuid IS NULL OR api_key_id = $2)")
        .execute(Tuple.of(uuid, ownerKeyId == null ? null : parse(ownerKeyId, "api key")))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw TaskException.notFound("unknown conversation " + id);
              }
              return uuid;
            });
  }

  /**
   * Appends a turn: the sent messages, then the answer. A turn that starts a conversation creates
   * it in the same transaction, so a request that fails leaves no empty conversation behind.
   *
   * @return the id of the stored answer message
   */
  public Future<UUID> append(TurnRecord turn) {
    UUID conversation = parse(turn.conversationId(), "conversation");
    return pool.withTransaction(
        conn -> {
          Future<Void> created =
              turn.newConversation() == null
                  ? Future.succeededFuture()
                  : conn.preparedQuery(
                          "INSERT INTO conversations (id, title, user_name, api_key_id)"
                              + " VALUES ($1, $2, $3, $4)")
                      .execute(
                          Tuple.of(
                              conversation,
                              title(turn.sent()),
                              turn.newConversation().user(),
                              Uuids.parseOrNull(turn.newConversation().apiKeyId())))
                      .mapEmpty();
          return created
              .compose(
                  x ->
                      conn.preparedQuery("SELECT id FROM conversations WHERE id = $1 FOR UPDATE")
                          .execute(Tuple.of(conversation)))
              .compose(
                  rows -> {
                    if (rows.size() == 0) {
                      return Future.failedFuture(
                          TaskException.notFound("unknown conversation " + conversation));
                    }
                    return conn.preparedQuery(
                            "SELECT coalesce(max(seq), 0) AS seq FROM messages WHERE conversation_id = $1")
                        .execute(Tuple.of(conversation));
                  })
              .compose(
                  rows ->
                      insertTurn(
                          conn, conversation, rows.iterator().next().getInteger("seq"), turn));
        });
  }

  /** A conversation's title: its first user message, shortened. */
  private static String title(List<ChatMessage> sent) {
    for (ChatMessage m : sent) {
      if (m.role().equals("user")) {
        String title = m.content().strip();
        return title.length() > TITLE_CHARS ? title.substring(0, TITLE_CHARS - 1) + "…" : title;
      }
    }
    return null;
  }

  private Future<UUID> insertTurn(
      SqlConnection conn, UUID conversation, int lastSeq, TurnRecord turn) {
    List<Tuple> sent = new ArrayList<>();
    int seq = lastSeq;
    for (ChatMessage m : turn.sent()) {
      sent.add(
          Tuple.from(
              new Object[] {
                conversation,
                ++seq,
                m.role(),
                m.content(),
                toolCalls(m),
                null,
                null,
                null,
                null,
                null,
                new JsonObject(),
                null
              }));
    }
    ChatMessage answer = turn.answer().message();
    Tuple answerRow =
        Tuple.from(
            new Object[] {
              conversation,
              ++seq,
              answer.role(),
              answer.content(),
              toolCalls(answer),
              turn.answer().model(),
              turn.plugin(),
              turn.latencyMs(),
              turn.answer().usage().promptTokens(),
              turn.answer().usage().completionTokens(),
              turn.answer().metadata().copy().put("finishReason", turn.answer().finishReason()),
              turn.requestId()
            });
    String insert =
        "INSERT INTO messages (conversation_id, seq, role, content, tool_calls, model, plugin_id,"
            + " latency_ms, prompt_tokens, completion_tokens, metadata, request_id)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";
    Future<Void> first =
        sent.isEmpty()
            ? Future.succeededFuture()
            : conn.preparedQuery(insert).executeBatch(sent).mapEmpty();
    return first
        .compose(x -> conn.preparedQuery(insert).execute(answerRow))
        .compose(
            rows -> {
              UUID id = rows.iterator().next().getUUID("id");
              return conn.preparedQuery("UPDATE conversations SET updated_at = now() WHERE id = $1")
                  .execute(Tuple.of(conversation))
                  .map(x -> id);
            });
  }

  @Override
  public Future<List<ChatMessage>> history(String conversationId, int limit) {
    if (limit < 1) {
      return Future.failedFuture(TaskException.invalid("limit must be at least 1"));
    }
    UUID id;
    try {
      id = parse(conversationId, "conversation");
    } catch (TaskException e) {
      return Future.failedFuture(e);
    }
    return require(id.toString())
        .compose(
            x ->
                pool.preparedQuery(
                        "SELECT role, content, tool_calls FROM messages WHERE conversation_id = $1"
                            + " ORDER BY seq DESC LIMIT $2")
                    .execute(Tuple.of(id, limit)))
        .map(
            rows -> {
              List<ChatMessage> out = new ArrayList<>();
              for (Row row : rows) {
                out.add(message(row));
              }
              Collections.reverse(out);
              return out;
            });
  }

  /**
   * A page of conversations, most recently active first, optionally only those with a message
   * matching {@code query} (PostgreSQL full-text search) and only those made with one API key.
   */
  public Future<JsonObject> list(String after, int limit, String query, String ownerKeyId) {
    Cursor cursor = after == null ? null : Cursor.decode(after);
    StringBuilder sql =
        new StringBuilder(
            "SELECT c.id, c.title, c.user_name, c.created_at, c.updated_at,"
                + " (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) AS messages"
                + " FROM conversations c WHERE true");
    List<Object> args = new ArrayList<>();
    if (ownerKeyId != null) {
      args.add(parse(ownerKeyId, "api key"));
      sql.append(" AND c.api_key_id = $" + args.size());
    }
    if (query != null && !query.isBlank()) {
      args.add(query);
      sql.append(
          " AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.content_tsv @@"
              + " plainto_tsquery('simple', $"
              + args.size()
              + "))");
    }
    if (cursor != null) {
      args.add(cursor.at());
      args.add(cursor.id());
      sql.append(" AND (c.updated_at, c.id) < ($" + (args.size() - 1) + ", $" + args.size() + ")");
    }
    args.add(limit + 1);
    sql.append(" ORDER BY c.updated_at DESC, c.id DESC LIMIT $" + args.size());
    return pool.preparedQuery(sql.toString())
        .execute(Tuple.from(args))
        .map(rows -> Cursor.page(rows, limit, ConversationStore::summary, "updated_at"));
  }

  private static JsonObject summary(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("title", row.getString("title"))
        .put("user", row.getString("user_name"))
        .put("createdAt", row.getOffsetDateTime("created_at").toString())
        .put("updatedAt", row.getOffsetDateTime("updated_at").toString())
        .put("messages", row.getLong("messages"));
  }

  /**
   * One conversation with its messages and their feedback; when {@code ownerKeyId} is set, only if
   * it was made with that API key (otherwise 404, so others' conversation ids reveal nothing).
   */
  public Future<JsonObject> get(String id, String ownerKeyId) {
    UUID uuid = parse(id, "conversation");
    return pool.preparedQuery(
            "SELECT id, title, user_name, created_at, updated_at FROM conversations WHERE id = $1"
                + " AND ($2::uuid IS NULL OR api_key_id = $2)")
        .execute(Tuple.of(uuid, ownerKeyId == null ? null : parse(ownerKeyId, "api key")))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(TaskException.notFound("unknown conversation " + id));
              }
              Row c = rows.iterator().next();
              JsonObject out =
                  new JsonObject()
                      .put("id", id)
                      .put("title", c.getString("title"))
                      .put("user", c.getString("user_name"))
                      .put("createdAt", c.getOffsetDateTime("created_at").toString())
                      .put("updatedAt", c.getOffsetDateTime("updated_at").toString());
              return pool.preparedQuery(
                      "SELECT m.id, m.seq, m.role, m.content, m.tool_calls, m.model, m.plugin_id,"
                          + " m.latency_ms, m.prompt_tokens, m.completion_tokens, m.metadata, m.created_at,"
                          + " (SELECT json_agg(json_build_object('rating', f.rating, 'reason', f.reason,"
                          + " 'createdAt', f.created_at) ORDER BY f.created_at) FROM feedback f"
                          + " WHERE f.message_id = m.id) AS feedback"
                          + " FROM messages m WHERE m.conversation_id = $1 ORDER BY m.seq")
                  .execute(Tuple.of(uuid))
                  .map(
                      messages -> {
                        JsonArray items = new JsonArray();
                        for (Row m : messages) {
                          Object feedback = m.getValue("feedback");
                          items.add(
                              new JsonObject()
                                  .put("id", m.getUUID("id").toString())
                                  .put("seq", m.getInteger("seq"))
                                  .put("role", m.getString("role"))
                                  .put("content", m.getString("content"))
                                  .put("toolCalls", m.getValue("tool_calls"))
                                  .put("model", m.getString("model"))
                                  .put("plugin", m.getString("plugin_id"))
                                  .put("latencyMs", m.getInteger("latency_ms"))
                                  .put("promptTokens", m.getInteger("prompt_tokens"))
                                  .put("completionTokens", m.getInteger("completion_tokens"))
                                  .put("metadata", m.getJsonObject("metadata"))
                                  .put("createdAt", m.getOffsetDateTime("created_at").toString())
                                  .put("feedback", feedback == null ? new JsonArray() : feedback));
                        }
                        return out.put("messages", items);
                      });
            });
  }

  /** Records a rating of an assistant message (of the owner's conversations, when one is given). */
  public Future<JsonObject> feedback(
      String messageId, int rating, String reason, Principal principal, String ownerKeyId) {
    UUID id = parse(messageId, "message");
    return pool.preparedQuery(
            "SELECT m.role FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                + " WHERE m.id = $1 AND ($2::uuid IS NULL OR c.api_key_id = $2)")
        .execute(Tuple.of(id, ownerKeyId == null ? null : parse(ownerKeyId, "api key")))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(TaskException.notFound("unknown message " + messageId));
              }
              if (!"assistant".equals(rows.iterator().next().getString("role"))) {
                return Future.failedFuture(
                    new TaskException(ErrorCode.CONFLICT, "only assistant messages take feedback"));
              }
              return pool.preparedQuery(
                      "INSERT INTO feedback (message_id, rating, reason, user_name) VALUES ($1, $2, $3, $4)"
                          + " RETURNING id, created_at")
                  .execute(Tuple.of(id, (short) rating, reason, principal.user()));
            })
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new JsonObject()
                  .put("id", row.getUUID("id").toString())
                  .put("messageId", messageId)
                  .put("rating", rating)
                  .put("reason", reason)
                  .put("createdAt", row.getOffsetDateTime("created_at").toString());
            });
  }

  private static ChatMessage message(Row row) {
    Object calls = row.getValue("tool_calls");
    List<ToolCall> toolCalls =
        calls instanceof JsonArray array ? Json.objects(array, ToolCall::fromJson) : List.of();
    return new ChatMessage(row.getString("role"), row.getString("content"), toolCalls, null);
  }

  private static JsonArray toolCalls(ChatMessage m) {
    return m.toolCalls().isEmpty() ? null : Json.array(m.toolCalls(), ToolCall::toJson);
  }

  static UUID parse(String id, String what) {
    try {
      return UUID.fromString(id);
    } catch (RuntimeException e) {
      throw TaskException.notFound("unknown " + what + " " + id);
    }
  }
}
