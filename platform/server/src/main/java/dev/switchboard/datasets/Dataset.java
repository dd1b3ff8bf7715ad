package dev.switchboard.datasets;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A dataset's header row.
 *
 * @param id its id
 * @param name its unique name
 * @param task what its examples are for
 * @param description free text, or null
 * @param labels the fixed label set, or null when any label is accepted
 * @param createdAt when it was created
 */
public record Dataset(
    UUID id,
    String name,
    Task task,
    String description,
    List<String> labels,
    OffsetDateTime createdAt) {

  /** Whether {@code label} is allowed: always when no label set is fixed. */
  public boolean allows(String label) {
    return labels == null || labels.contains(label);
  }

  /** The API form. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("task", task.wireName())
        .put("description", description)
        .put("labels", labels == null ? null : new JsonArray(List.copyOf(labels)))
        .put("createdAt", createdAt.toString());
  }
}
