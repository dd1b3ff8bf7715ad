/**
 * Schedulers: continuous batching for generation, a dynamic batcher for encoders, and the chat
 * model that ties a decoder to its scheduler.
 */
package dev.switchboard.runtime.schedule;
