/**
 * BERT-family encoders on DJL for embeddings (mean/CLS pooling, normalisation) and sequence
 * classification.
 */
package dev.switchboard.runtime.encoder;
