package dev.switchboard.runtime.safetensors;

/**
 * A checkpoint could not be read: truncated or corrupt file, unsupported dtype, missing or
 * mis-shaped tensor. The message always names the file and, where one is involved, the tensor.
 */
public class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that already names file and tensor. */
  public CheckpointException(String message) {
    super(message);
  }

  /** Creates the exception with a cause. */
  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
