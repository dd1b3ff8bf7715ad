package dev.switchboard.eval;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One routed request as the production eval log keeps it.
 *
 * @param requestId the request id
 * @param task the task type
 * @param pluginId the plugin that served it, or null when none could
 * @param extension the extension name, or null
 * @param model the model, or null
 * @param status the HTTP status of the outcome
 * @param errorCode the error code, or null on success
 * @param latencyMs how long the plugin took, as the router saw it
 * @param shadow whether this was a shadow copy
 * @param input the task input
 * @param output the result, or null on failure
 * @param user the user
 * @param apiKeyId the API key id, or null
 * @param at when the request finished
 */
public record EvalLogEntry(
    String requestId,
    String task,
    String pluginId,
    String extension,
    String model,
    int status,
    String errorCode,
    int latencyMs,
    boolean shadow,
    JsonObject input,
    JsonObject output,
    String user,
    String apiKeyId,
    Instant at) {}
