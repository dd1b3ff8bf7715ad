package dev.switchboard.http;

import dev.switchboard.api.TaskException;
import dev.switchboard.routing.Addresses;
import dev.switchboard.routing.TaskEnvelope;
import dev.switchboard.routing.TaskFailures;
import dev.switchboard.routing.TaskRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/** The HTTP side's door to the event bus: sends envelopes to the router and relays streams. */
public final class TaskGateway {

  /**
   * A task's answer.
   *
   * @param result the plugin's result
   * @param plugin the plugin that answered
   * @param model the model it was asked to use, or null
   */
  public record Outcome(JsonObject result, String plugin, String model) {}

  private final Vertx vertx;

  public TaskGateway(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Sends a task and waits for its answer until the envelope's deadline. */
  public Future<Outcome> submit(TaskEnvelope envelope) {
    long remaining = Math.max(1, envelope.remainingMillis());
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.task(envelope.task()),
            envelope,
            new DeliveryOptions().setSendTimeout(remaining))
        .map(TaskGateway::outcome)
        .recover(
            err -> Future.failedFuture(TaskFailures.from(err, "the task router is not running")));
  }

  /**
   * Sends a streamed task: chunks reach {@code onChunk} in order, then the future completes with
   * the final answer. The stream address must be the envelope's.
   */
  public Future<Outcome> stream(TaskEnvelope envelope, Consumer<JsonObject> onChunk) {
    MessageConsumer<JsonObject> chunks =
        vertx.eventBus().localConsumer(envelope.streamAddress(), msg -> onChunk.accept(msg.body()));
    return chunks.completion().compose(x -> submit(envelope)).andThen(ar -> chunks.unregister());
  }

  /** Asks the plugin serving a request to stop. */
  public void cancel(String requestId) {
    vertx.eventBus().publish(Addresses.cancel(requestId), requestId);
  }

  private static Outcome outcome(Message<JsonObject> reply) {
    JsonObject body = reply.body();
    if (body == null) {
      throw new TaskException(
          dev.switchboard.api.ErrorCode.INTERNAL, "the plugin answered with no result");
    }
    return new Outcome(
        body,
        reply.headers().get(TaskRouter.PLUGIN_HEADER),
        reply.headers().get(TaskRouter.MODEL_HEADER));
  }
}
