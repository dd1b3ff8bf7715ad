-- Admin UI sessions: the browser holds a random token in an HttpOnly, SameSite=Strict cookie; only
-- its SHA-256 is stored, so a copy of this table opens no session. csrf_token is the synchronizer
-- token every state-changing request made with the session must echo in X-CSRF-Token.
CREATE TABLE sessions (
    token_hash   text PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_last_seen_idx ON sessions (last_seen_at);
