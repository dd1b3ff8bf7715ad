/**
 * Training classifiers, with checkpoints that resume: heads (softmax regression or a
 * one-hidden-layer MLP) over frozen embeddings with DJL's trainer ({@link
 * dev.switchboard.runtime.train.ClassifierTrainer}, served as {@link
 * dev.switchboard.runtime.train.TrainedClassifier}), and BERT encoders fine-tuned end to end with a
 * new head ({@link dev.switchboard.runtime.train.EncoderFineTuner}, saved by {@link
 * dev.switchboard.runtime.train.FineTunedEncoder} as a Hugging Face folder the runtime serves).
 */
package dev.switchboard.runtime.train;
