package dev.switchboard.runtime;

/** Why a generation ended. */
public enum FinishReason {
  /** An end-of-sequence token or a stop sequence. */
  STOP,
  /** The token cap or the context window was reached. */
  LENGTH,
  /** {@link GenerationHandle#cancel()} was called. */
  CANCELLED;

  /** The OpenAI-style lower-case spelling. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
