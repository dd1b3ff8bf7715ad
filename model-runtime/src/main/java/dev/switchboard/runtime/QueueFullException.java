package dev.switchboard.runtime;

/**
 * A model's request queue is full. Retryable: the server maps it to HTTP 429 / 503 with
 * Retry-After.
 */
public class QueueFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for a model and its queue capacity. */
  public QueueFullException(String model, int capacity) {
    super("model '" + model + "' queue is full (" + capacity + " waiting); retry later");
  }

  /** Always true: the same request may succeed later. */
  public boolean retryable() {
    return true;
  }
}
