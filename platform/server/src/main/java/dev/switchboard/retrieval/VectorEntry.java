package dev.switchboard.retrieval;

import io.vertx.core.json.JsonObject;

/** What the dense index keeps per chunk: ids to answer with, the vector and filterable metadata. */
record VectorEntry(String chunkId, String documentId, float[] vector, JsonObject metadata) {}
