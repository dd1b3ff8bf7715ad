/**
 * The host-owned document index: plugins never touch the database, so a retriever stores and
 * searches chunks through {@link dev.switchboard.api.index.DocumentIndex}, reached with {@link
 * dev.switchboard.api.TaskContext#documents()}. Experimental: the shape may change in a minor
 * release.
 */
package dev.switchboard.api.index;
