/**
 * The host's document index behind {@link dev.switchboard.api.index.DocumentIndex}: documents and
 * chunks in PostgreSQL (full-text ranking with ts_rank), a Lucene HNSW index per collection for
 * dense search (in memory, rebuilt from PostgreSQL at start), and text extraction from uploaded
 * files.
 */
package dev.switchboard.retrieval;
