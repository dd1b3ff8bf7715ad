package dev.switchboard.evaluation;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One example's outcome in a run.
 *
 * @param seq its position in the run
 * @param exampleId the example
 * @param expected the expected answer ({@code {"label"}}, {@code {"content"}} or {@code
 *     {"relevant"}})
 * @param actual what the target answered, or {@code {"error":{code,message}}}
 * @param correct whether it counts as right (label equal, exact match, a relevant hit in the top
 *     10)
 * @param scores per-example scores; {@code primary} is what run comparisons rank by
 * @param latencyMs how long its request took (a batch's time for batched classification)
 */
public record EvalResult(
    int seq,
    UUID exampleId,
    JsonObject expected,
    JsonObject actual,
    boolean correct,
    JsonObject scores,
    int latencyMs) {}
