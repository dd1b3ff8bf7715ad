package dev.switchboard.http;

import dev.switchboard.api.TaskException;
import dev.switchboard.routing.Addresses;
import dev.switchboard.routing.TaskDispatcher;
import dev.switchboard.routing.TaskEnvelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/**
 * The HTTP side's door to the router: routes envelopes through the in-process {@link
 * TaskDispatcher} (the router's own logic, one bus hop fewer than going through {@code
 * sb.task.<type>}), relays streams and publishes cancellations.
 */
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
  private final TaskDispatcher dispatcher;

  public TaskGateway(Vertx vertx, TaskDispatcher dispatcher) {
    this.vertx = vertx;
    this.dispatcher = dispatcher;
  }

  /** Routes a task and waits for its answer until the envelope's deadline. */
  public Future<Outcome> submit(TaskEnvelope envelope) {
    return dispatcher.dispatch(envelope).map(TaskGateway::outcome);
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

  private static Outcome outcome(TaskDispatcher.Dispatched dispatched) {
    if (!(dispatched.body() instanceof JsonObject body)) {
      throw new TaskException(
          dev.switchboard.api.ErrorCode.INTERNAL, "the plugin answered with no result");
    }
    return new Outcome(body, dispatched.plugin(), dispatched.model());
  }
}
