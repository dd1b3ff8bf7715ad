/**
 * The built-in plugin {@code classifier}: named classifiers, served from trained heads the host
 * hosts as model versions, or zero-shot from label descriptions by embedding similarity.
 */
package dev.switchboard.plugins.classifier;
