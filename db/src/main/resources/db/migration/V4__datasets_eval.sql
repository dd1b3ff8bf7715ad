-- Datasets and evaluation runs: what curation, versioning and eval runs need beyond V1.

-- The example's primary text (a classification/retrieval input, or a chat example's last user
-- turn), kept beside the jsonb input so that search, dedupe and CSV export need no JSON paths.
ALTER TABLE examples ADD COLUMN text text NOT NULL DEFAULT '';
ALTER TABLE examples ADD COLUMN text_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED;
CREATE INDEX examples_fts ON examples USING gin (text_tsv);
CREATE INDEX examples_filter ON examples (dataset_id, status, split);

CREATE INDEX datasets_page ON datasets (created_at, id);

-- Eval runs report progress while they run; results keep the order of the version's examples.
ALTER TABLE eval_runs ADD COLUMN total integer;
ALTER TABLE eval_runs ADD COLUMN completed integer NOT NULL DEFAULT 0;
ALTER TABLE eval_runs ADD COLUMN started_at timestamptz;
CREATE INDEX eval_runs_page ON eval_runs (created_at DESC, id DESC);
ALTER TABLE eval_results ADD COLUMN seq integer NOT NULL DEFAULT 0;
CREATE INDEX eval_results_seq ON eval_results (run_id, seq);

-- Eval log filters by task and time.
CREATE INDEX eval_log_task ON eval_log (task, created_at DESC);
