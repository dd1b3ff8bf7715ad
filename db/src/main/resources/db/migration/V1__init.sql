-- Switchboard schema, first cut. Ids are UUIDs so that rows can be created on any node.
-- Every list the API pages through has an index on (created_at, id) for keyset pagination.

CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username      text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    role          text NOT NULL DEFAULT 'admin' CHECK (role IN ('admin', 'curator', 'viewer')),
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name         text NOT NULL,
    prefix       text NOT NULL,
    key_hash     text NOT NULL UNIQUE,
    scopes       text[] NOT NULL DEFAULT '{}',
    rate_limit   jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

CREATE TABLE plugins (
    id          text PRIMARY KEY,
    version     text NOT NULL,
    file_name   text NOT NULL,
    enabled     boolean NOT NULL DEFAULT true,
    config      jsonb NOT NULL DEFAULT '{}'::jsonb,
    installed_at timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The routing table: which plugins (and models) serve a task, weighted, plus shadow copies.
CREATE TABLE routes (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    task        text NOT NULL CHECK (task IN ('chat', 'classify', 'retrieve')),
    plugin_id   text NOT NULL,
    extension   text,
    model       text,
    weight      integer NOT NULL DEFAULT 100 CHECK (weight >= 0),
    shadow      boolean NOT NULL DEFAULT false,
    config      jsonb NOT NULL DEFAULT '{}'::jsonb,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX routes_unique ON routes (task, plugin_id, coalesce(extension, ''), shadow);

CREATE TABLE models (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL,
    version     integer NOT NULL DEFAULT 1,
    kind        text NOT NULL CHECK (kind IN ('chat', 'embedding', 'classifier')),
    path        text,
    device      text NOT NULL DEFAULT 'auto',
    batching    jsonb NOT NULL DEFAULT '{}'::jsonb,
    metadata    jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

CREATE TABLE conversations (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title       text,
    user_name   text NOT NULL DEFAULT 'anonymous',
    api_key_id  uuid REFERENCES api_keys (id) ON DELETE SET NULL,
    route       jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_page ON conversations (updated_at DESC, id DESC);

CREATE TABLE messages (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    conversation_id   uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq               integer NOT NULL,
    role              text NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    content           text NOT NULL,
    tool_calls        jsonb,
    model             text,
    plugin_id         text,
    latency_ms        integer,
    prompt_tokens     integer,
    completion_tokens integer,
    metadata          jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at        timestamptz NOT NULL DEFAULT now(),
    content_tsv       tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED,
    UNIQUE (conversation_id, seq)
);
CREATE INDEX messages_fts ON messages USING gin (content_tsv);

CREATE TABLE feedback (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    message_id  uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    rating      smallint NOT NULL CHECK (rating IN (-1, 1)),
    reason      text,
    user_name   text NOT NULL DEFAULT 'anonymous',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_message ON feedback (message_id);

-- Production traffic: one row per routed request (sampled), written by a batched async writer.
CREATE TABLE eval_log (
    id          uuid PRIMARY KEY,
    request_id  text NOT NULL,
    task        text NOT NULL,
    plugin_id   text,
    extension   text,
    model       text,
    status      integer NOT NULL,
    error_code  text,
    latency_ms  integer NOT NULL,
    prompt_tokens     integer,
    completion_tokens integer,
    shadow      boolean NOT NULL DEFAULT false,
    input       jsonb,
    output      jsonb,
    user_name   text,
    api_key_id  uuid,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX eval_log_page ON eval_log (created_at DESC, id DESC);
CREATE INDEX eval_log_plugin ON eval_log (plugin_id, created_at DESC);
CREATE INDEX eval_log_model ON eval_log (model, created_at DESC);
CREATE INDEX eval_log_request ON eval_log (request_id);

CREATE TABLE datasets (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL UNIQUE,
    task        text NOT NULL CHECK (task IN ('chat', 'classification', 'retrieval')),
    description text,
    labels      text[],
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE examples (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    dataset_id  uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    input       jsonb NOT NULL,
    output      jsonb,
    label       text,
    status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    split       text CHECK (split IN ('train', 'validation', 'test')),
    source      jsonb,
    content_hash text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX examples_page ON examples (dataset_id, created_at, id);
CREATE INDEX examples_hash ON examples (dataset_id, content_hash);

CREATE TABLE dataset_versions (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    dataset_id  uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    version     integer NOT NULL,
    example_count integer NOT NULL,
    split_counts jsonb NOT NULL DEFAULT '{}'::jsonb,
    snapshot    jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (dataset_id, version)
);

CREATE TABLE eval_runs (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    dataset_version_id uuid NOT NULL REFERENCES dataset_versions (id),
    split       text NOT NULL,
    target      jsonb NOT NULL,
    status      text NOT NULL DEFAULT 'queued',
    metrics     jsonb,
    error       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

CREATE TABLE eval_results (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    run_id      uuid NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
    example_id  uuid,
    expected    jsonb,
    actual      jsonb,
    correct     boolean,
    scores      jsonb,
    latency_ms  integer
);
CREATE INDEX eval_results_run ON eval_results (run_id, id);

CREATE TABLE documents (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    collection  text NOT NULL,
    external_id text NOT NULL,
    content_type text NOT NULL DEFAULT 'text/plain',
    text        text NOT NULL,
    metadata    jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (collection, external_id)
);

CREATE TABLE chunks (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    document_id uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    collection  text NOT NULL,
    seq         integer NOT NULL,
    text        text NOT NULL,
    start_offset integer NOT NULL,
    end_offset  integer NOT NULL,
    embedding   real[],
    metadata    jsonb NOT NULL DEFAULT '{}'::jsonb,
    text_tsv    tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
);
CREATE INDEX chunks_fts ON chunks USING gin (text_tsv);
CREATE INDEX chunks_collection ON chunks (collection);

CREATE TABLE training_jobs (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind        text NOT NULL,
    name        text NOT NULL,
    dataset_version_id uuid REFERENCES dataset_versions (id),
    params      jsonb NOT NULL DEFAULT '{}'::jsonb,
    status      text NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    progress    double precision NOT NULL DEFAULT 0,
    metrics     jsonb,
    error       text,
    checkpoint  text,
    device      text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    started_at  timestamptz,
    finished_at timestamptz
);

CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    actor       text NOT NULL,
    action      text NOT NULL,
    target      text,
    details     jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
