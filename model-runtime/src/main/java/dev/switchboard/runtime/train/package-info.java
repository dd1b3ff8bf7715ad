/**
 * Training classifier heads (softmax regression or a one-hidden-layer MLP) over frozen embeddings
 * with DJL's trainer, checkpoints that resume, and {@link
 * dev.switchboard.runtime.train.TrainedClassifier} to serve the result.
 */
package dev.switchboard.runtime.train;
