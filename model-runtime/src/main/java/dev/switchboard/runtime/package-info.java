/**
 * Model runtime API: {@link dev.switchboard.runtime.ModelRuntime} loads local models (decoder LMs
 * behind a continuous-batching scheduler, encoders behind a dynamic batcher) on DJL/PyTorch; the
 * server calls only the types in this package, the store package and the lc4j adapters.
 */
package dev.switchboard.runtime;
