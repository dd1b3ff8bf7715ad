-- Retrieval: the indexes the document index relies on.

-- Deleting or replacing a document deletes its chunks through ON DELETE CASCADE (and re-ingest
-- deletes them by document_id); without this index every such delete scans all chunks.
CREATE INDEX chunks_document ON chunks (document_id);

-- Metadata equality filters are jsonb containment (metadata @> filter).
CREATE INDEX chunks_metadata ON chunks USING gin (metadata jsonb_path_ops);

-- Re-ingest replaces a document in place; list shows when it was last stored.
ALTER TABLE documents ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
