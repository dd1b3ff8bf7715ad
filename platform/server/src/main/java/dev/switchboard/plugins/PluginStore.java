package dev.switchboard.plugins;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;

/** Persists what operators decide about plugins (enabled, config) in the {@code plugins} table. */
final class PluginStore {

  /**
   * A plugin's persisted settings.
   *
   * @param enabled whether the operator wants it running
   * @param config its configuration
   */
  record Settings(boolean enabled, JsonObject config) {
    static final Settings DEFAULT = new Settings(true, new JsonObject());
  }

  private final Pool pool;

  PluginStore(Pool pool) {
    this.pool = pool;
  }

  Future<Map<String, Settings>> loadAll() {
    return pool.query("SELECT id, enabled, config FROM plugins")
        .execute()
        .map(
            rows -> {
              Map<String, Settings> out = new HashMap<>();
              for (Row row : rows) {
                out.put(
                    row.getString("id"),
                    new Settings(row.getBoolean("enabled"), row.getJsonObject("config")));
              }
              return out;
            });
  }

  Future<Void> upsert(String id, String version, String fileName, boolean enabled) {
    return pool.preparedQuery(
            "INSERT INTO plugins (id, version, file_name, enabled) VALUES ($1, $2, $3, $4)"
                + " ON CONFLICT (id) DO UPDATE SET version = $2, file_name = $3, enabled = $4,"
                + " updated_at = now()")
        .execute(Tuple.of(id, version == null ? "" : version, fileName, enabled))
        .mapEmpty();
  }

  Future<Void> delete(String id) {
    return pool.preparedQuery("DELETE FROM plugins WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
  }
}
