package dev.switchboard.routing;

import dev.switchboard.api.TaskType;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves the {@link TaskDispatcher} at {@code sb.task.<type>}, for senders that reach the router
 * over the event bus. Replies carry the answering plugin and model as headers.
 */
public final class TaskRouter extends VerticleBase {

  /** Reply header naming the plugin that answered. */
  public static final String PLUGIN_HEADER = "plugin";

  /** Reply header naming the model the plugin was asked to use, when any. */
  public static final String MODEL_HEADER = "model";

  private final TaskDispatcher dispatcher;

  public TaskRouter(TaskDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public Future<?> start() {
    List<Future<Void>> registered = new ArrayList<>();
    for (TaskType type : TaskType.values()) {
      MessageConsumer<TaskEnvelope> consumer =
          vertx.eventBus().consumer(Addresses.task(type), this::route);
      registered.add(consumer.completion());
    }
    return Future.all(registered);
  }

  private void route(Message<TaskEnvelope> message) {
    dispatcher
        .dispatch(message.body())
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                DeliveryOptions reply =
                    new DeliveryOptions().addHeader(PLUGIN_HEADER, ar.result().plugin());
                if (ar.result().model() != null) {
                  reply.addHeader(MODEL_HEADER, ar.result().model());
                }
                message.reply(ar.result().body(), reply);
              } else {
                TaskFailures.fail(message, TaskFailures.from(ar.cause(), "router failure"));
              }
            });
  }
}
