package dev.switchboard.conversations;

import dev.switchboard.api.TaskException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Function;

/**
 * A keyset cursor: the sort key and id of the last row of a page, opaque to clients (base64url) so
 * that its form may change.
 *
 * @param at the sort timestamp of the last row
 * @param id the id of the last row
 */
public record Cursor(OffsetDateTime at, UUID id) {

  /** The opaque form. */
  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** Reads an opaque cursor; a malformed one is a 400. */
  public static Cursor decode(String raw) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8).split("\\|", 2);
      return new Cursor(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
    } catch (RuntimeException e) {
      throw TaskException.invalid("'after' is not a cursor this server issued");
    }
  }

  /**
   * One keyset page from rows fetched with {@code LIMIT limit + 1}: the first {@code limit} rows as
   * items, and the cursor of the last one as {@code next} when a further row exists.
   *
   * @param rows the rows, in page order
   * @param limit the page size
   * @param item turns a row into its JSON item
   * @param timeColumn the timestamp column the page is sorted by (with {@code id})
   * @return {@code {"items":[...],"next":"<cursor>"|null}}
   */
  public static JsonObject page(
      RowSet<Row> rows, int limit, Function<Row, JsonObject> item, String timeColumn) {
    JsonArray items = new JsonArray();
    Cursor next = null;
    int n = 0;
    for (Row row : rows) {
      if (n++ == limit) {
        break;
      }
      items.add(item.apply(row));
      next = new Cursor(row.getOffsetDateTime(timeColumn), row.getUUID("id"));
    }
    return new JsonObject()
        .put("items", items)
        .put("next", rows.size() > limit && next != null ? next.encode() : null);
  }
}
