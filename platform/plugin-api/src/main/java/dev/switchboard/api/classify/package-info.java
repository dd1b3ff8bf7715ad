/** The classification task: texts in, labels with scores out. */
package dev.switchboard.api.classify;
