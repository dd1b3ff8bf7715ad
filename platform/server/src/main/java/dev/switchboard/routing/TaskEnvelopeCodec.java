package dev.switchboard.routing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Passes envelopes by reference inside the JVM (records are immutable) and as JSON across a
 * cluster.
 */
public final class TaskEnvelopeCodec implements MessageCodec<TaskEnvelope, TaskEnvelope> {

  @Override
  public void encodeToWire(Buffer buffer, TaskEnvelope envelope) {
    Buffer json = envelope.toJson().toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public TaskEnvelope decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return TaskEnvelope.fromJson(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
  }

  @Override
  public TaskEnvelope transform(TaskEnvelope envelope) {
    return envelope;
  }

  @Override
  public String name() {
    return "switchboard-task-envelope";
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
