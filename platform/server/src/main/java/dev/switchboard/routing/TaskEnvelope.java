package dev.switchboard.routing;

import dev.switchboard.api.PluginApi;
import dev.switchboard.api.Principal;
import dev.switchboard.api.TaskType;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * The versioned envelope every task travels in, from the HTTP side through the router to a plugin
 * endpoint. Inside one JVM it crosses the event bus as this object (see {@link TaskEnvelopeCodec});
 * across a cluster as its JSON form.
 *
 * @param id the request id
 * @param task the task type
 * @param plugin the plugin that serves it: asked for by the caller, or chosen by the router
 * @param extension the extension name within the plugin, or null for the first
 * @param model the model asked for, or null for the route's default
 * @param input the task request in its JSON form (for example {@code ChatRequest.toJson()})
 * @param principal who the request is made for
 * @param conversationId the conversation this belongs to, or null
 * @param deadline when the caller stops waiting
 * @param streamAddress where to send chunks, or null when the caller does not stream
 * @param shadow whether this is a shadow copy whose answer nobody waits for
 */
public record TaskEnvelope(
    String id,
    TaskType task,
    String plugin,
    String extension,
    String model,
    JsonObject input,
    Principal principal,
    String conversationId,
    Instant deadline,
    String streamAddress,
    boolean shadow) {

  /** Validates the required fields. */
  public TaskEnvelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(deadline, "deadline");
    principal = principal == null ? Principal.ANONYMOUS : principal;
  }

  /** A copy routed to a plugin. */
  public TaskEnvelope routedTo(String plugin, String extension, String model) {
    return new TaskEnvelope(
        id,
        task,
        plugin,
        extension,
        model,
        input,
        principal,
        conversationId,
        deadline,
        streamAddress,
        shadow);
  }

  /** A copy with another input. */
  public TaskEnvelope withInput(JsonObject newInput) {
    return new TaskEnvelope(
        id,
        task,
        plugin,
        extension,
        model,
        newInput,
        principal,
        conversationId,
        deadline,
        streamAddress,
        shadow);
  }

  /** A shadow copy: not streamed, answer only logged. */
  public TaskEnvelope asShadow(String plugin, String extension, String model) {
    return new TaskEnvelope(
        id, task, plugin, extension, model, input, principal, conversationId, deadline, null, true);
  }

  /** Milliseconds until the deadline; zero or less once it has passed. */
  public long remainingMillis() {
    return deadline.toEpochMilli() - System.currentTimeMillis();
  }

  /** The JSON form, for the wire. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("v", PluginApi.SCHEMA_VERSION)
        .put("id", id)
        .put("task", task.wireName())
        .put("plugin", plugin)
        .put("extension", extension)
        .put("model", model)
        .put("input", input)
        .put(
            "context",
            new JsonObject()
                .put("user", principal.user())
                .put("apiKeyId", principal.apiKeyId())
                .put("scopes", principal.toJson().getJsonArray("scopes"))
                .put("conversationId", conversationId))
        .put("deadline", deadline.toEpochMilli())
        .put("stream", streamAddress)
        .put("shadow", shadow);
  }

  /** Reads the JSON form. */
  public static TaskEnvelope fromJson(JsonObject json) {
    int version = json.getInteger("v", 0);
    if (version != PluginApi.SCHEMA_VERSION) {
      throw new IllegalArgumentException("unsupported envelope version " + version);
    }
    JsonObject context = json.getJsonObject("context", new JsonObject());
    return new TaskEnvelope(
        json.getString("id"),
        TaskType.fromWireName(json.getString("task"))
            .orElseThrow(
                () -> new IllegalArgumentException("unknown task " + json.getString("task"))),
        json.getString("plugin"),
        json.getString("extension"),
        json.getString("model"),
        json.getJsonObject("input"),
        Principal.fromJson(context),
        context.getString("conversationId"),
        Instant.ofEpochMilli(json.getLong("deadline")),
        json.getString("stream"),
        json.getBoolean("shadow", false));
  }
}
