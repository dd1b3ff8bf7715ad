/**
 * Training jobs: a persisted queue in {@code training_jobs}, one runner per device, classifier
 * heads trained on dataset versions and registered as model versions, progress over the event bus
 * for SSE, resume from the last checkpoint after a restart.
 */
package dev.switchboard.training;
