/**
 * The built-in plugin {@code retriever}: splits documents into overlapping token-bounded chunks,
 * embeds them with the platform's embedding model, stores them in the host's document index and
 * answers queries by fusing full-text and dense rankings (reciprocal rank fusion).
 */
package dev.switchboard.plugins.retriever;
