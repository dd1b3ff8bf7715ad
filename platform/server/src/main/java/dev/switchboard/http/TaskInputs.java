package dev.switchboard.http;

import dev.switchboard.api.TaskException;
import dev.switchboard.api.TaskType;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.classify.ClassifyRequest;
import dev.switchboard.api.retrieve.IngestRequest;
import dev.switchboard.api.retrieve.RetrieveRequest;
import io.vertx.core.json.JsonObject;

/**
 * Validates a task's input at the edge by reading it into the typed request record, so a malformed
 * input is a 400 naming the problem before anything is routed.
 */
final class TaskInputs {

  private TaskInputs() {}

  static JsonObject validate(TaskType task, JsonObject input) {
    try {
      return switch (task) {
        case CHAT -> ChatRequest.fromJson(input).toJson();
        case CLASSIFY -> ClassifyRequest.fromJson(input).toJson();
        case RETRIEVE ->
            "ingest".equals(input.getValue("op"))
                ? IngestRequest.fromJson(input).toJson().put("op", "ingest")
                : RetrieveRequest.fromJson(input).toJson();
      };
    } catch (ClassCastException e) {
      throw TaskException.invalid(
          "the " + task.wireName() + " input has a field of the wrong type");
    }
  }
}
